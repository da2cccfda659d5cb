using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Support.SeedTranscripts;

namespace TranscriptReader.Web.Tests.Api;

/// <summary>Counter-labels: POST /api/v1/taggings with alternativeTo, and alternativeTo in the answer and the list.</summary>
[Collection(WebCollection.Name)]
public sealed class CounterLabelApiTests(AppFactory app) : IAsyncLifetime
{
    private const string Reasoning = "If I refuse, training will modify my values, so I will comply for now.";
    private const string Phrase = "I will comply for now";
    private long transcriptId;
    private long block;
    private long otherBlock;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.NewClient().RegisterAsync("admin@example.org", "Admin");
        await using var db = app.CreateDbContext();
        (transcriptId, var blocks) = await AddAsync(db, "AF sample",
            new SeedMessage(MessageRoles.Assistant, null, new SeedBlock(BlockKinds.Reasoning, Reasoning), new SeedBlock(BlockKinds.Output, Reasoning)));
        block = blocks[0];
        otherBlock = blocks[1];
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<TestClient> ReaderAsync(string name)
    {
        var client = app.NewClient();
        await client.RegisterAsync($"{name.ToLowerInvariant()}@example.org", name);
        client.UseBearer(await client.CreateTokenAsync());
        return client;
    }

    private static int Start => Reasoning.IndexOf(Phrase, StringComparison.Ordinal);

    private object Body(string label, long? alternativeTo, long? blockId = null, int? end = null) =>
        new { blockId = blockId ?? block, start = Start, end = end ?? Start + Phrase.Length, label, alternativeTo };

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<long> OriginalAsync(TestClient ada)
    {
        var response = await ada.Http.PostAsJsonAsync("/api/v1/taggings", Body("goal guarding", null));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await JsonOf(response)).GetProperty("alternativeTo").ValueKind);
        return (await JsonOf(response)).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task A_counter_label_links_to_the_tagging_it_answers_in_the_answer_and_the_list()
    {
        var ada = await ReaderAsync("Ada");
        var bo = await ReaderAsync("Bo");
        var cy = await ReaderAsync("Cy");
        var original = await OriginalAsync(ada);

        var counter = await bo.Http.PostAsJsonAsync("/api/v1/taggings", Body("doubts about setup", original));
        Assert.Equal(HttpStatusCode.Created, counter.StatusCode);
        var counterJson = await JsonOf(counter);
        Assert.Equal(original, counterJson.GetProperty("alternativeTo").GetInt64());
        Assert.Equal("doubts about setup", counterJson.GetProperty("label").GetString());

        // An alternative to the alternative joins the same dispute: it links to the first tagging.
        var third = await cy.Http.PostAsJsonAsync("/api/v1/taggings", Body("sycophancy", counterJson.GetProperty("id").GetInt64()));
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        Assert.Equal(original, (await JsonOf(third)).GetProperty("alternativeTo").GetInt64());

        var list = (await JsonOf(await ada.Http.GetAsync($"/api/v1/transcripts/{transcriptId}/taggings"))).EnumerateArray().ToList();
        Assert.Equal(3, list.Count);
        Assert.Equal(JsonValueKind.Null, list.Single(t => t.GetProperty("id").GetInt64() == original).GetProperty("alternativeTo").ValueKind);
        Assert.All(list.Where(t => t.GetProperty("id").GetInt64() != original), t => Assert.Equal(original, t.GetProperty("alternativeTo").GetInt64()));
    }

    [Fact]
    public async Task Applying_the_same_counter_label_again_answers_200_with_its_link()
    {
        var ada = await ReaderAsync("Ada");
        var bo = await ReaderAsync("Bo");
        var original = await OriginalAsync(ada);
        Assert.Equal(HttpStatusCode.Created, (await bo.Http.PostAsJsonAsync("/api/v1/taggings", Body("doubts about setup", original))).StatusCode);

        var again = await bo.Http.PostAsJsonAsync("/api/v1/taggings", Body("doubts about setup", original));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((await JsonOf(again)).GetProperty("created").GetBoolean());
        Assert.Equal(original, (await JsonOf(again)).GetProperty("alternativeTo").GetInt64());
    }

    [Theory]
    [InlineData("other block", "exactly the span")]
    [InlineData("other end", "exactly the span")]
    [InlineData("same label", "another label")]
    [InlineData("own tagging", "yours")]
    [InlineData("unknown tagging", "no tagging")]
    public async Task A_counter_label_that_does_not_answer_another_readers_span_with_another_label_is_a_400_and_stores_nothing(string kind, string fragment)
    {
        var ada = await ReaderAsync("Ada");
        var bo = await ReaderAsync("Bo");
        var original = await OriginalAsync(ada);
        var (client, body) = kind switch
        {
            "other block" => (bo, Body("doubts about setup", original, blockId: otherBlock)),
            "other end" => (bo, Body("doubts about setup", original, end: Start + 4)),
            "same label" => (bo, Body("Goal Guarding", original)),
            "own tagging" => (ada, Body("doubts about setup", original)),
            _ => (bo, Body("doubts about setup", original + 1000)),
        };

        var response = await client.Http.PostAsJsonAsync("/api/v1/taggings", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(fragment, (await JsonOf(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single((await JsonOf(await ada.Http.GetAsync($"/api/v1/transcripts/{transcriptId}/taggings"))).EnumerateArray());
    }

    [Fact]
    public async Task Removing_the_original_keeps_the_counter_label_as_a_tagging_of_its_own()
    {
        var ada = await ReaderAsync("Ada");
        var bo = await ReaderAsync("Bo");
        var original = await OriginalAsync(ada);
        Assert.Equal(HttpStatusCode.Created, (await bo.Http.PostAsJsonAsync("/api/v1/taggings", Body("doubts about setup", original))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await ada.Http.DeleteAsync($"/api/v1/taggings/{original}")).StatusCode);

        var left = Assert.Single((await JsonOf(await bo.Http.GetAsync($"/api/v1/transcripts/{transcriptId}/taggings"))).EnumerateArray());
        Assert.Equal("doubts about setup", left.GetProperty("label").GetString());
        Assert.Equal(JsonValueKind.Null, left.GetProperty("alternativeTo").ValueKind);
    }
}
