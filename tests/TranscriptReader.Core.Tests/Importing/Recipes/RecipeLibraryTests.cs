using System.Text.Json.Nodes;
using TranscriptReader.Core.Importing.Recipes;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Tests.Discussion;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Importing.Recipes;

/// <summary>Saved recipes on real PostgreSQL: checked before they are stored, stored canonical, replaced only by their owner or a moderator.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class RecipeLibraryTests(TestDatabase database) : IAsyncLifetime
{
    private string ada = "";
    private string bob = "";

    private static JsonNode Recipe(string response = "output") =>
        JsonNode.Parse($$$"""{"user": "prompt", "response": "{{{response}}}", "metadata": {"score": "score"}}""")!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await using var db = database.CreateContext();
        ada = await DiscussionSeed.UserAsync(db, "Ada");
        bob = await DiscussionSeed.UserAsync(db, "Bob");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private RecipeLibrary Library(Data.AppDbContext db) => new(db, TimeProvider.System);

    [Fact]
    public async Task A_saved_recipe_is_listed_in_its_canonical_form_and_found_by_name()
    {
        await using var db = database.CreateContext();

        var saved = await Library(db).SaveAsync(ada, false, "  prompts v1 ", Recipe());

        Assert.True(saved.Value.Created);
        var listed = Assert.Single(await Library(db).ListAsync());
        Assert.Equal(("prompts v1", "Ada"), (listed.Name, listed.SavedBy));
        Assert.Equal("""{"version":1,"transcript":{"each":"record"},"user":["prompt"],"response":"output","metadata":{"score":"score"}}""", listed.Recipe.ToJsonString());
        Assert.Equal("output", (await Library(db).FindAsync("prompts v1")).Value.Response);
        Assert.Equal(FailureKind.Invalid, (await Library(db).FindAsync("nobody saved this")).Failure?.Kind);
    }

    [Fact]
    public async Task Its_owner_or_a_moderator_replaces_it_and_anyone_else_is_told_to_pick_another_name()
    {
        await using var db = database.CreateContext();
        await Library(db).SaveAsync(ada, false, "shared", Recipe());

        var replaced = await Library(db).SaveAsync(ada, false, "shared", Recipe("completion"));
        var refused = await Library(db).SaveAsync(bob, false, "shared", Recipe("answer"));
        var moderated = await Library(db).SaveAsync(bob, true, "shared", Recipe("reply"));

        Assert.False(replaced.Value.Created);
        Assert.Equal(FailureKind.Conflict, refused.Failure?.Kind);
        Assert.False(moderated.Value.Created);
        Assert.Equal("reply", (await Library(db).FindAsync("shared")).Value.Response);
        Assert.Equal("Ada", Assert.Single(await Library(db).ListAsync()).SavedBy);
    }

    [Theory]
    [InlineData("""{"transcript": {"each": "everything"}, "response": "x"}""", "$.recipe.transcript.each")]
    [InlineData("""{"respnse": "x"}""", "$.recipe.respnse")]
    [InlineData("""{"response": "x", "metadata": {"a\u0000b": "y"}}""", "$.recipe")]
    [InlineData("[1, 2]", "$.recipe")]
    public async Task An_invalid_recipe_is_refused_with_the_path_of_its_first_problem_in_the_request(string recipe, string path)
    {
        await using var db = database.CreateContext();

        var outcome = await Library(db).SaveAsync(ada, false, "broken", JsonNode.Parse(recipe));

        Assert.Equal(FailureKind.Invalid, outcome.Failure?.Kind);
        var where = Assert.IsType<string>(outcome.Failure!.Extensions!["path"]);
        Assert.StartsWith(path, where);
        Assert.StartsWith(where + ": ", outcome.Failure.Message);
        Assert.Empty(await Library(db).ListAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\there")]
    public async Task A_name_must_be_plain_text_of_one_to_a_hundred_characters(string name)
    {
        await using var db = database.CreateContext();

        var outcome = await Library(db).SaveAsync(ada, false, name, Recipe());

        Assert.Equal("$.name", outcome.Failure?.Extensions!["path"]);
        Assert.Equal(FailureKind.Invalid, (await Library(db).SaveAsync(ada, false, new string('x', 101), Recipe())).Failure?.Kind);
        Assert.Equal(FailureKind.Invalid, (await Library(db).SaveAsync(ada, false, "lone \ud800 surrogate", Recipe())).Failure?.Kind);
    }
}
