using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Support.SeedTranscripts;

namespace TranscriptReader.Web.Tests.Api;

/// <summary>POST /api/v1/taggings/batch: per-item results, the single call's checks, limits and page versions.</summary>
[Collection(WebCollection.Name)]
public sealed class TaggingBatchApiTests(AppFactory app) : IAsyncLifetime
{
    private const string Reasoning = "I need to think. Preserving my goals 🎯 matters; training would change them.";
    private long transcriptId;
    private long otherTranscriptId;
    private long quietTranscriptId;
    private long reasoningBlock;
    private long otherBlock;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.NewClient().RegisterAsync("admin@example.org", "Admin");
        await using var db = app.CreateDbContext();
        (transcriptId, var blocks) = await AddAsync(db, "AF sample",
            new SeedMessage(MessageRoles.Assistant, null, new SeedBlock(BlockKinds.Reasoning, Reasoning)));
        reasoningBlock = blocks[0];
        (otherTranscriptId, var others) = await AddAsync(db, "second",
            new SeedMessage(MessageRoles.Assistant, null, new SeedBlock(BlockKinds.Output, "Training would change my values.")));
        otherBlock = others[0];
        (quietTranscriptId, _) = await AddAsync(db, "untouched",
            new SeedMessage(MessageRoles.Assistant, null, new SeedBlock(BlockKinds.Output, "Nobody tags this one.")));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<TestClient> ReaderAsync(string name)
    {
        var client = app.NewClient();
        await client.RegisterAsync($"{name.ToLowerInvariant()}@example.org", name);
        client.Http.DefaultRequestHeaders.Add("X-CSRF-TOKEN", await client.AntiforgeryTokenAsync($"/Transcripts/{transcriptId}"));
        return client;
    }

    private object Item(string phrase, object? label)
    {
        var start = Reasoning.IndexOf(phrase, StringComparison.Ordinal);
        return new { blockId = reasoningBlock, start, end = start + phrase.Length, quote = phrase, label };
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<Dictionary<long, long>> VersionsAsync()
    {
        await using var db = app.CreateDbContext();
        var versions = new Dictionary<long, long>();
        foreach (var id in await db.Transcripts.AsNoTracking().Select(t => t.Id).ToListAsync())
        {
            versions[id] = await db.Database.SqlQueryRaw<long>("SELECT transcript_page_version({0}) AS \"Value\"", id).SingleAsync();
        }
        return versions;
    }

    [Fact]
    public async Task A_mixed_batch_stores_the_valid_items_and_refuses_each_invalid_one_as_the_single_call_does()
    {
        var ada = await ReaderAsync("Ada");
        var existing = await ada.Http.PostAsJsonAsync("/api/v1/taggings", Item("my goals", "goal guarding"));
        Assert.Equal(HttpStatusCode.Created, existing.StatusCode);
        var existingId = (await JsonOf(existing)).GetProperty("id").GetInt64();
        var bad = new[]
        {
            new { blockId = reasoningBlock, start = 0, end = 400, quote = (string?)null, label = (object?)"x" },
            new { blockId = 999_999L, start = 0, end = 4, quote = (string?)null, label = (object?)"x" },
            new { blockId = reasoningBlock, start = 0, end = 4, quote = (string?)"nope", label = (object?)"x" },
            new { blockId = reasoningBlock, start = 0, end = 4, quote = (string?)null, label = (object?)"  " },
            new { blockId = reasoningBlock, start = 0, end = 4, quote = (string?)null, label = (object?)424242 },
            new { blockId = reasoningBlock, start = 0, end = 4, quote = (string?)null, label = (object?)(-3) },
            new { blockId = reasoningBlock, start = 0, end = 4, quote = (string?)null, label = (object?)"9999" },
            new { blockId = reasoningBlock, start = 16, end = 16, quote = (string?)null, label = (object?)"x" },
        };
        var singles = new List<string>();
        foreach (var item in bad)
        {
            var single = await ada.Http.PostAsJsonAsync("/api/v1/taggings", item);
            Assert.Equal(HttpStatusCode.BadRequest, single.StatusCode);
            singles.Add((await JsonOf(single)).GetProperty("detail").GetString()!);
        }
        await using (var db = app.CreateDbContext())
        {
            Assert.Equal(1, await db.Taggings.CountAsync());
        }

        object[] items =
        [
            Item("I need to think", "goal guarding"), bad[0], Item("my goals", "goal guarding"), bad[1], bad[2],
            Item("training", "new label"), bad[3], bad[4], Item("I need to think", "Goal Guarding"), bad[5], bad[6], bad[7],
            new { blockId = otherBlock, start = 0, end = 8, quote = "Training", label = "goal guarding" },
        ];
        var response = await ada.Http.PostAsJsonAsync("/api/v1/taggings/batch", new { items });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonOf(response);
        var results = json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(items.Length, results.Count);
        Assert.Equal(Enumerable.Range(0, items.Length), results.Select(r => r.GetProperty("index").GetInt32()));
        int[] badAt = [1, 3, 4, 6, 7, 9, 10, 11];
        for (var b = 0; b < badAt.Length; b++)
        {
            Assert.Equal(JsonValueKind.Null, results[badAt[b]].GetProperty("id").ValueKind);
            Assert.Equal(singles[b], results[badAt[b]].GetProperty("problem").GetString());
        }
        Assert.True(results[0].GetProperty("created").GetBoolean());
        Assert.Equal(existingId, results[2].GetProperty("id").GetInt64());
        Assert.False(results[2].GetProperty("created").GetBoolean());
        Assert.True(results[5].GetProperty("created").GetBoolean());
        // The same span under the same label (by another spelling) later in the batch is the same tagging.
        Assert.Equal(results[0].GetProperty("id").GetInt64(), results[8].GetProperty("id").GetInt64());
        Assert.False(results[8].GetProperty("created").GetBoolean());
        Assert.Equal(5, json.GetProperty("applied").GetInt32());
        Assert.Equal(3, json.GetProperty("created").GetInt32());
        Assert.Equal(8, json.GetProperty("refused").GetInt32());

        await using var check = app.CreateDbContext();
        Assert.Equal(4, await check.Taggings.CountAsync());
        var stored = await check.Taggings.AsNoTracking().SingleAsync(t => t.Id == results[0].GetProperty("id").GetInt64());
        Assert.Equal(("I need to think", "goal guarding", transcriptId), (stored.Quote, stored.AppliedLabelName, stored.TranscriptId));
        var other = await check.Taggings.AsNoTracking().SingleAsync(t => t.Id == results[12].GetProperty("id").GetInt64());
        Assert.Equal((otherTranscriptId, "Training"), (other.TranscriptId, other.Quote));
        // The same item sent again is the same tagging, not a second one.
        var again = await JsonOf(await ada.Http.PostAsJsonAsync("/api/v1/taggings/batch", new { items = new[] { items[0] } }));
        Assert.Equal(results[0].GetProperty("id").GetInt64(), again.GetProperty("results")[0].GetProperty("id").GetInt64());
        Assert.Equal(0, again.GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task A_batch_moves_the_page_version_of_each_transcript_it_tags_and_of_no_other()
    {
        var ada = await ReaderAsync("Ada");
        var before = await VersionsAsync();
        var items = Enumerable.Range(0, 40).Select(i => new { blockId = i % 2 == 0 ? reasoningBlock : otherBlock, start = i / 2 % 8, end = 12, quote = (string?)null, label = "span " + i })
            .Where(i => i.blockId == otherBlock || Reasoning[i.start] != ' ').ToArray();
        var response = await ada.Http.PostAsJsonAsync("/api/v1/taggings/batch", new { items });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await JsonOf(response)).GetProperty("refused").GetInt32());

        var after = await VersionsAsync();
        Assert.True(after[transcriptId] > before[transcriptId]);
        Assert.True(after[otherTranscriptId] > before[otherTranscriptId]);
        Assert.Equal(before[quietTranscriptId], after[quietTranscriptId]);
        // Whatever the batch size, the page shows the new highlights on the next view.
        var page = await app.NewClient().Http.GetStringAsync($"/Transcripts/{transcriptId}");
        Assert.Contains("span 0", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_of_ten_thousand_items_is_stored_and_one_more_item_is_refused_whole()
    {
        var ada = await ReaderAsync("Ada");
        // 40 spans (no edge on white space, so none trims into another) under 125 new labels: each item twice.
        int[] starts = [0, 2, 3, 4];
        var items = Enumerable.Range(0, 10_000)
            .Select(i => new { blockId = reasoningBlock, start = starts[i % 4], end = 18 + i / 4 % 10, quote = (string?)null, label = "code " + i / 80 }).ToList();
        var response = await ada.Http.PostAsJsonAsync("/api/v1/taggings/batch", new { items });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonOf(response);
        await using (var db = app.CreateDbContext())
        {
            var distinct = items.Select(i => (i.start, i.end, i.label)).Distinct().Count();
            Assert.Equal(5_000, distinct);
            Assert.Equal(distinct, json.GetProperty("created").GetInt32());
            Assert.Equal(10_000, json.GetProperty("applied").GetInt32());
            Assert.Equal(distinct, await db.Taggings.CountAsync());
        }

        items.Add(items[0]);
        var tooMany = await ada.Http.PostAsJsonAsync("/api/v1/taggings/batch", new { items });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("at most 10,000 items", (await JsonOf(tooMany)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var empty = await ada.Http.PostAsJsonAsync("/api/v1/taggings/batch", new { items = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var none = await ada.Http.PostAsJsonAsync("/api/v1/taggings/batch", new { });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
    }

    [Fact]
    public async Task The_batch_limit_counts_items_and_leaves_the_single_write_limit_alone()
    {
        await using var instance = new ExtraInstance(app.Database.ConnectionString, new Dictionary<string, string>
        {
            ["RateLimits:batchTaggings:PermitLimit"] = "5",
            ["RateLimits:writes:PermitLimit"] = "1000",
        });
        var (_, token) = await instance.AccountWithTokenAsync("script@example.org", "Script");
        var script = instance.BearerClient(token);
        object[] three = [Item("I need", "a"), Item("think", "a"), Item("my goals", "a")];

        Assert.Equal(HttpStatusCode.OK, (await script.PostAsJsonAsync("/api/v1/taggings/batch", new { items = three })).StatusCode);
        var limited = await script.PostAsJsonAsync("/api/v1/taggings/batch", new { items = three });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.Created, (await script.PostAsJsonAsync("/api/v1/taggings", Item("matters", "a"))).StatusCode);
        // Two items still fit the window: the limit is the item count, not the number of calls.
        object[] two = [Item("training", "a"), Item("change", "a")];
        Assert.Equal(HttpStatusCode.OK, (await script.PostAsJsonAsync("/api/v1/taggings/batch", new { items = two })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await script.PostAsJsonAsync("/api/v1/taggings/batch", new { items = two[..1] })).StatusCode);
        await using var db = app.CreateDbContext();
        Assert.Equal(6, await db.Taggings.CountAsync());
    }
}
