using System.Text.Json;
using TranscriptReader.Core.Importing.Recipes;

namespace TranscriptReader.Core.Tests.Importing.Recipes;

/// <summary>The recipe document: reading, the path of the first problem, and writing it back.</summary>
public sealed class RecipeJsonTests
{
    private const string Full = """
        {"version":1,"records":"data","transcript":{"each":"entry","path":"results","keyAs":"condition"},"system":"system",
         "user":["query","follow_up"],"messages":{"path":"history","role":"who","content":"said","roles":{"A":"user","C":"assistant"}},
         "reasoning":"@.thinking","response":"@.text","title":"{id} — {@key}","model":"meta.model","metadata":{"score":"scores.@key","id":"id"}}
        """;

    [Fact]
    public void A_recipe_reads_and_writes_back_to_the_same_document()
    {
        var recipe = RecipeJson.Read(Full).Value;

        Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(Full).RootElement), RecipeJson.Write(recipe).ToJsonString());
        Assert.Equal(new TranscriptUnit("entry", "results", "condition"), recipe.Transcript);
        Assert.Equal(["query", "follow_up"], recipe.User);
        Assert.Equal("assistant", recipe.Messages!.Roles!["C"]);
    }

    [Fact]
    public void What_system_text_json_writes_with_web_defaults_reads_back()
    {
        var recipe = RecipeJson.Read(Full).Value;

        var web = JsonSerializer.Serialize(recipe, JsonSerializerOptions.Web);
        var again = RecipeJson.Read(web).Value;

        Assert.Equal(RecipeJson.Write(recipe).ToJsonString(), RecipeJson.Write(again).ToJsonString());
    }

    [Fact]
    public void The_smallest_recipe_is_a_response_path_and_one_user_path_may_be_a_string()
    {
        var recipe = RecipeJson.Read("""{"user":"q","response":"a"}""").Value;

        Assert.Equal(TranscriptUnit.EachRecord, recipe.Transcript.Each);
        Assert.Equal(["q"], recipe.User);
        Assert.Equal("""{"version":1,"transcript":{"each":"record"},"user":["q"],"response":"a"}""", RecipeJson.Write(recipe).ToJsonString());
    }

    [Theory]
    [InlineData("[]", "$", "a recipe is a JSON object")]
    [InlineData("""{"response":"a","respnse":"b"}""", "$.respnse", "unknown field")]
    [InlineData("""{"version":2,"response":"a"}""", "$.version", "must be 1")]
    [InlineData("""{"version":"1","response":"a"}""", "$.version", "whole number")]
    [InlineData("""{"title":"t"}""", "$", "needs at least one of response, messages or user")]
    [InlineData("""{"response":3}""", "$.response", "must be a string")]
    [InlineData("""{"response":""}""", "$.response", "cannot be empty")]
    [InlineData("""{"response":"a..b"}""", "$.response", "empty field name at position 3")]
    [InlineData("""{"response":"a[x]"}""", "$.response", "brackets hold an index")]
    [InlineData("""{"response":"a[0"}""", "$.response", "unclosed '['")]
    [InlineData("""{"response":"@.text"}""", "$.response", "uses @")]
    [InlineData("""{"response":"scores.@key"}""", "$.response", "uses @")]
    [InlineData("""{"response":"a.@foo"}""", "$.response", "only @key and @index")]
    [InlineData("""{"transcript":{"each":"row"},"response":"a"}""", "$.transcript.each", "must be record, element or entry")]
    [InlineData("""{"transcript":{},"response":"a"}""", "$.transcript.each", "is required")]
    [InlineData("""{"transcript":"record","response":"a"}""", "$.transcript", "must be an object")]
    [InlineData("""{"transcript":{"each":"entry"},"response":"@"}""", "$.transcript.path", "is required when each is entry")]
    [InlineData("""{"transcript":{"each":"entry","path":"@.x"},"response":"@"}""", "$.transcript.path", "uses @")]
    [InlineData("""{"transcript":{"each":"record","path":"x"},"response":"a"}""", "$.transcript.path", "only for each element or entry")]
    [InlineData("""{"transcript":{"each":"element","path":"x","keyAs":" "},"response":"@"}""", "$.transcript.keyAs", "a name of 1 to 200")]
    [InlineData("""{"transcript":{"each":"element","path":"x","extra":1},"response":"@"}""", "$.transcript.extra", "unknown field")]
    [InlineData("""{"user":["q",4],"response":"a"}""", "$.user[1]", "must be a path")]
    [InlineData("""{"user":{},"response":"a"}""", "$.user", "a path or a list of paths")]
    [InlineData("""{"messages":{"role":"r"}}""", "$.messages.path", "is required")]
    [InlineData("""{"messages":{"path":"m","roles":{"A":"human"}}}""", "$.messages.roles.A", "must be user, assistant, system or tool")]
    [InlineData("""{"messages":{"path":"m","roles":{"Speaker 1":"bot"}}}""", "$.messages.roles[\"Speaker 1\"]", "must be user")]
    [InlineData("""{"messages":{"path":"m","role":"@.r"}}""", "$.messages.role", "uses @")]
    [InlineData("""{"response":"a","title":"{id"}""", "$.title", "unclosed '{'")]
    [InlineData("""{"response":"a","title":"id}"}""", "$.title", "closes no placeholder")]
    [InlineData("""{"response":"a","title":"{@key}"}""", "$.title", "uses @")]
    [InlineData("""{"response":"a","model":"{}"}""", "$.model", "placeholder at position 1: a path cannot be empty")]
    [InlineData("""{"response":"a","metadata":{"s":"@key"}}""", "$.metadata.s", "uses @")]
    [InlineData("""{"response":"a","metadata":{"s":1}}""", "$.metadata.s", "must be a string")]
    [InlineData("""{"response":"a","metadata":[]}""", "$.metadata", "must be an object")]
    [InlineData("""{"response":"a","metadata":{"":"x"}}""", "$.metadata[\"\"]", "1 to 200 characters")]
    public void An_invalid_recipe_reports_the_path_of_its_first_problem(string json, string path, string message)
    {
        var outcome = RecipeJson.Read(json);

        Assert.False(outcome.Ok);
        Assert.Equal(path, outcome.Failure!.Extensions!["path"]);
        Assert.StartsWith(path + ": ", outcome.Failure.Message);
        Assert.Contains(message, outcome.Failure.Message);
    }

    [Fact]
    public void Text_that_is_not_json_is_reported_at_the_root()
    {
        var outcome = RecipeJson.Read("{not json");

        Assert.Equal("$", outcome.Failure!.Extensions!["path"]);
        Assert.Contains("is not JSON", outcome.Failure.Message);
    }

    [Fact]
    public void A_recipe_built_in_code_is_checked_the_same_way()
    {
        var bad = new ImportRecipe { Transcript = new TranscriptUnit("element"), Response = "@" };

        Assert.Equal("$.transcript.path", RecipeJson.Validate(bad).Failure!.Extensions!["path"]);
        Assert.True(RecipeJson.Validate(bad with { Transcript = new TranscriptUnit("element", "items") }).Ok);
    }
}
