using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Api;

/// <summary>The field mapping API: suggest, preview, save, list, and import with a saved or sent recipe.</summary>
[Collection(WebCollection.Name)]
public sealed class ImportRecipesApiTests(AppFactory app) : IAsyncLifetime
{
    private TestClient client = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        client = await SignedInAsync("rae@example.org", "Rae");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<TestClient> SignedInAsync(string email, string name)
    {
        var browser = app.NewClient();
        await browser.RegisterAsync(email, name);
        var secret = await browser.CreateTokenAsync();
        var api = app.NewClient();
        api.UseBearer(secret);
        return api;
    }

    internal static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "recipes", name));

    private static MultipartFormDataContent Upload(string name, string content, params (string Field, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "files", name } };
        foreach (var (field, value) in fields)
        {
            form.Add(new StringContent(value), field);
        }
        return form;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string url, HttpContent content)
    {
        var response = await client.Http.PostAsync(url, content);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task A_suggestion_has_the_recipe_the_first_three_transcripts_as_plain_json_and_the_structure()
    {
        var (status, body) = await PostAsync("/api/v1/import-recipes/suggest", Upload("conditions.jsonl", Fixture("conditions.jsonl")));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("entry", body.GetProperty("recipe").GetProperty("transcript").GetProperty("each").GetString());
        Assert.Equal("scores.@key", body.GetProperty("recipe").GetProperty("metadata").GetProperty("score").GetString());
        var preview = body.GetProperty("preview").EnumerateArray().ToList();
        Assert.Equal(3, preview.Count);
        var first = preview[0];
        Assert.Equal("baseline", first.GetProperty("metadata").GetProperty("condition").GetString());
        Assert.Equal(["user", "assistant"], first.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Contains(body.GetProperty("structure").GetProperty("fields").EnumerateArray(), f => f.GetProperty("path").GetString() == "results.*");
    }

    [Fact]
    public async Task A_file_with_nothing_like_a_response_is_a_422_that_still_describes_its_structure()
    {
        var (status, body) = await PostAsync("/api/v1/import-recipes/suggest", Upload("no-response.json", Fixture("no-response.json")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("no field reads as a model response", body.GetProperty("detail").GetString());
        Assert.NotEmpty(body.GetProperty("structure").GetProperty("fields").EnumerateArray());
    }

    [Fact]
    public async Task An_unreadable_file_or_not_exactly_one_file_is_a_400()
    {
        var (malformed, body) = await PostAsync("/api/v1/import-recipes/suggest", Upload("broken.json", "{\"a\": "));
        var two = Upload("a.json", "[]");
        two.Add(new ByteArrayContent("[]"u8.ToArray()), "files", "b.json");
        var (twoFiles, _) = await PostAsync("/api/v1/import-recipes/suggest", two);

        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.Contains("broken.json", body.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, twoFiles);
    }

    [Fact]
    public async Task A_preview_follows_the_recipe_and_an_invalid_one_is_a_400_with_its_path()
    {
        var recipe = """{"transcript": {"each": "entry", "path": "results", "keyAs": "arm"}, "user": "query", "response": "@", "title": "{id}: {@key}"}""";
        var (ok, body) = await PostAsync("/api/v1/import-recipes/preview", Upload("conditions.jsonl", Fixture("conditions.jsonl"), ("recipe", recipe)));
        var (bad, problem) = await PostAsync("/api/v1/import-recipes/preview",
            Upload("conditions.jsonl", Fixture("conditions.jsonl"), ("recipe", """{"transcript": {"each": "all"}, "response": "x"}""")));

        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("q-001: baseline", body.GetProperty("preview")[0].GetProperty("title").GetString());
        Assert.Equal("baseline", body.GetProperty("preview")[0].GetProperty("metadata").GetProperty("arm").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal("$.transcript.each", problem.GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_saved_recipe_is_listed_and_imports_with_its_name()
    {
        var suggestion = (await PostAsync("/api/v1/import-recipes/suggest", Upload("conditions.jsonl", Fixture("conditions.jsonl")))).Body;
        var save = await client.Http.PostAsJsonAsync("/api/v1/import-recipes", new { name = "conditions v1", recipe = suggestion.GetProperty("recipe") });
        Assert.Equal(HttpStatusCode.Created, save.StatusCode);

        var listed = await client.GetJsonAsync<JsonElement>("/api/v1/import-recipes");
        Assert.Equal("conditions v1", Assert.Single(listed.EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal("Rae", listed[0].GetProperty("savedBy").GetString());

        var (status, imported) = await PostAsync("/api/v1/transcripts?recipe=conditions%20v1", Upload("conditions.jsonl", Fixture("conditions.jsonl")));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(Fixture("conditions.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length * 2,
            imported.GetProperty("imported").GetInt32() + imported.GetProperty("duplicates").GetInt32());

        var id = imported.GetProperty("created")[0].GetProperty("id").GetInt64();
        var transcript = await client.GetJsonAsync<JsonElement>($"/api/v1/transcripts/{id}");
        Assert.Equal("recipe", transcript.GetProperty("format").GetString());
        Assert.True(transcript.GetProperty("metadata").TryGetProperty("score", out _));
    }

    [Fact]
    public async Task Saving_checks_the_recipe_and_the_name_and_keeps_others_names()
    {
        var invalid = await client.Http.PostAsJsonAsync("/api/v1/import-recipes", new { name = "x", recipe = new { messages = new { role = "who" } } });
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("$.recipe.messages.path", problem.GetProperty("path").GetString());

        var notJson = await client.Http.PostAsync("/api/v1/import-recipes", new StringContent("{name:", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/api/v1/import-recipes", new { name = "mine", recipe = new { response = "output" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PostAsJsonAsync("/api/v1/import-recipes", new { name = "mine", recipe = new { response = "answer" } })).StatusCode);
        var someoneElse = await SignedInAsync("sam@example.org", "Sam");
        Assert.Equal(HttpStatusCode.Conflict, (await someoneElse.Http.PostAsJsonAsync("/api/v1/import-recipes", new { name = "mine", recipe = new { response = "reply" } })).StatusCode);
    }

    [Fact]
    public async Task An_import_can_send_its_recipe_and_a_wrong_or_unknown_one_is_a_400()
    {
        var recipe = """{"records": "data", "transcript": {"each": "entry", "path": "results", "keyAs": "persona"}, "user": "query", "response": "@"}""";
        var (status, body) = await PostAsync("/api/v1/transcripts",
            Upload("wrapped-records.json", Fixture("wrapped-records.json"), ("recipeDocument", recipe), ("collection", "Wrapped")));
        var (unknown, unknownBody) = await PostAsync("/api/v1/transcripts?recipe=never-saved", Upload("a.json", "[]"));
        var (broken, brokenBody) = await PostAsync("/api/v1/transcripts", Upload("a.json", "[]", ("recipeDocument", """{"user": 3}""")));
        var (both, _) = await PostAsync("/api/v1/transcripts?format=openai-chat", Upload("a.json", "[]", ("recipeDocument", recipe)));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.True(body.GetProperty("imported").GetInt32() > 0);
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Contains("never-saved", unknownBody.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, broken);
        Assert.Equal("$.user", brokenBody.GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, both);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_recipe_endpoints_and_document()
    {
        var doc = await client.Http.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/v1/import-recipes/suggest", doc);
        Assert.Contains("/api/v1/import-recipes/preview", doc);
        Assert.Contains("\"keyAs\"", doc);
        Assert.Contains("422", doc);
    }
}
