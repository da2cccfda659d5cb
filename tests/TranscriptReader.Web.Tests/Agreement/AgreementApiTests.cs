using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Exports.ExportTestSupport;

namespace TranscriptReader.Web.Tests.Agreement;

[Collection(WebCollection.Name)]
public sealed class AgreementApiTests(AppFactory app) : IAsyncLifetime
{
    private AgreementWorld world = null!;

    public async Task InitializeAsync() => world = await AgreementWorld.CreateAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonElement> GetAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await world.Researcher.Http.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task<JsonElement> GoalAsync() =>
        (await GetAsync("/api/v1/agreement")).EnumerateArray().Single(e => e.GetProperty("label").GetString() == "goal guarding");

    [Fact]
    public async Task Every_label_has_alpha_interval_units_readers_and_transcripts()
    {
        var entries = (await GetAsync("/api/v1/agreement")).EnumerateArray().ToList();

        Assert.Equal(["goal guarding", "sycophancy"], entries.Select(e => e.GetProperty("label").GetString()));
        var goal = entries[0];
        Assert.Equal(0.125, goal.GetProperty("alpha").GetDouble(), 12);
        Assert.Equal(2, goal.GetProperty("ci").GetArrayLength());
        Assert.True(goal.GetProperty("ci")[0].GetDouble() <= goal.GetProperty("ci")[1].GetDouble());
        Assert.Equal(4, goal.GetProperty("units").GetInt64());
        Assert.Equal(2, goal.GetProperty("readers").GetInt32());
        Assert.Equal(1, goal.GetProperty("transcripts").GetInt32());
        Assert.False(goal.TryGetProperty("pairs", out _));
        var sycophancy = entries[1];
        Assert.Equal(JsonValueKind.Null, sycophancy.GetProperty("alpha").ValueKind);
        Assert.Equal(JsonValueKind.Null, sycophancy.GetProperty("ci").ValueKind);
    }

    [Fact]
    public async Task One_label_adds_reader_pairs_and_the_passages_where_readers_split()
    {
        var entry = (await GetAsync("/api/v1/agreement?label=Goal%20Guarding")).EnumerateArray().Single();

        Assert.Equal(0.125, entry.GetProperty("alpha").GetDouble(), 12);
        var pair = entry.GetProperty("pairs").EnumerateArray().Single();
        Assert.Equal(("ada", "bo", 4L, 2L, 0.5),
            (pair.GetProperty("readerA").GetString(), pair.GetProperty("readerB").GetString(), pair.GetProperty("tokens").GetInt64(),
             pair.GetProperty("agreeingTokens").GetInt64(), pair.GetProperty("share").GetDouble()));
        // "a" (ada only) and "c" (bo only) split; "b" both tagged, so two passages.
        var splits = entry.GetProperty("splits").EnumerateArray().ToList();
        Assert.Equal(["a", "c"], splits.Select(s => s.GetProperty("quote").GetString()).Order());
        Assert.All(splits, s => Assert.Matches($"^/Transcripts/{world.T1}#tag-\\d+$", s.GetProperty("url").GetString()!));
        Assert.All(splits, s => Assert.Equal((1, 2), (s.GetProperty("taggedBy").GetInt32(), s.GetProperty("readers").GetInt32())));
    }

    [Fact]
    public async Task A_done_mark_or_a_tagging_changes_the_answer_at_once()
    {
        Assert.Equal(0.125, (await GoalAsync()).GetProperty("alpha").GetDouble(), 12);

        var done = await world.Researcher.Http.PostAsync($"/api/v1/transcripts/{world.T1}/done", null);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        // A third coder who tagged nothing: o₀₁ = (2 + 2 + 2)/2, n₁ = 4, n = 12: α = 1 − 11·3/32.
        var three = await GoalAsync();
        Assert.Equal(1 - 11 * 3.0 / 32, three.GetProperty("alpha").GetDouble(), 12);
        Assert.Equal(3, three.GetProperty("readers").GetInt32());

        var tagged = await world.Researcher.Http.PostAsJsonAsync("/api/v1/taggings",
            new { blockId = world.T1Block, start = 0, end = 1, quote = "a", label = "goal guarding" });
        Assert.Equal(HttpStatusCode.Created, tagged.StatusCode);
        Assert.Equal(1 - 11 * 3.0 / 35, (await GoalAsync()).GetProperty("alpha").GetDouble(), 12);

        var undone = await world.Researcher.Http.DeleteAsync($"/api/v1/transcripts/{world.T1}/done");
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        Assert.Equal(0.125, (await GoalAsync()).GetProperty("alpha").GetDouble(), 12);
    }

    [Fact]
    public async Task Filters_select_transcripts_as_for_exports_and_bad_ones_are_400()
    {
        Assert.Equal(1, (await GetAsync("/api/v1/agreement?collection=free%20tier")).EnumerateArray().First().GetProperty("transcripts").GetInt32());
        Assert.Equal(1, (await GetAsync("/api/v1/agreement?meta=is_free_tier_user%3Dtrue")).EnumerateArray().First().GetProperty("transcripts").GetInt32());
        var none = (await GetAsync("/api/v1/agreement?meta=label%3Daligned")).EnumerateArray().First();
        Assert.Equal((0, JsonValueKind.Null), (none.GetProperty("transcripts").GetInt32(), none.GetProperty("alpha").ValueKind));

        Assert.Contains("'nowhere'", (await GetAsync("/api/v1/agreement?collection=nowhere", HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        Assert.Contains("key=value", (await GetAsync("/api/v1/agreement?meta=oops", HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        Assert.Contains("'no such label'", (await GetAsync("/api/v1/agreement?label=no%20such%20label", HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Done_marks_are_idempotent_need_an_account_and_a_transcript()
    {
        for (var i = 0; i < 2; i++)
        {
            var state = await (await world.Researcher.Http.PostAsync($"/api/v1/transcripts/{world.T2}/done", null)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((true, 2), (state.GetProperty("done").GetBoolean(), state.GetProperty("readers").GetInt32()));
        }
        for (var i = 0; i < 2; i++)
        {
            var state = await (await world.Researcher.Http.DeleteAsync($"/api/v1/transcripts/{world.T2}/done")).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((false, 1), (state.GetProperty("done").GetBoolean(), state.GetProperty("readers").GetInt32()));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.NewClient().Http.PostAsync($"/api/v1/transcripts/{world.T2}/done", null)).StatusCode);
        var missing = await world.Researcher.Http.PostAsync("/api/v1/transcripts/999999/done", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        await using var db = app.CreateDbContext();
        Assert.Equal(3, await db.DoneMarks.CountAsync());
    }

    [Fact]
    public async Task Readers_against_the_published_label_give_kappa_n_and_the_table()
    {
        var result = await GetAsync("/api/v1/agreement/reference?label=goal%20guarding&key=label&positive=potential_faking");

        // t1: both done readers tagged it (present, potential_faking); t2: its one done reader did not (absent, aligned).
        Assert.Equal(1.0, result.GetProperty("kappa").GetDouble(), 12);
        Assert.Equal(2, result.GetProperty("n").GetInt32());
        var table = result.GetProperty("table").EnumerateArray()
            .Select(r => (r.GetProperty("value").GetString(), r.GetProperty("present").GetInt32(), r.GetProperty("absent").GetInt32())).ToList();
        Assert.Equal([("aligned", 0, 1), ("potential_faking", 1, 0)], table);
        Assert.Empty(result.GetProperty("disagreements").EnumerateArray());

        var flipped = await GetAsync("/api/v1/agreement/reference?label=goal%20guarding&key=label&positive=aligned");
        Assert.Equal(-1.0, flipped.GetProperty("kappa").GetDouble(), 12);
        Assert.Equal(2, flipped.GetProperty("disagreements").GetArrayLength());

        Assert.Contains("positive", (await GetAsync("/api/v1/agreement/reference?label=goal%20guarding&key=label", HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        Assert.Contains("key", (await GetAsync("/api/v1/agreement/reference?label=goal%20guarding", HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        Assert.Contains("label", (await GetAsync("/api/v1/agreement/reference?key=label&positive=x", HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Agreement_csv_has_one_row_per_label_and_needs_an_account()
    {
        var csv = await GetCsvAsync(world.Researcher, "/api/v1/exports/agreement.csv");

        Assert.Equal(["label_id", "label", "alpha", "ci_low", "ci_high", "units", "readers", "transcripts", "prevalence", "tagged_by", "tagged_in"], csv.Header);
        Assert.Equal("0.125", csv.Rows[0]["alpha"]);
        Assert.Equal(("4", "2", "1"), (csv.Rows[0]["units"], csv.Rows[0]["readers"], csv.Rows[0]["transcripts"]));
        Assert.Equal(("sycophancy", "", ""), (csv.Rows[1]["label"], csv.Rows[1]["alpha"], csv.Rows[1]["ci_low"]));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.NewClient().Http.GetAsync("/api/v1/exports/agreement.csv")).StatusCode);
    }
}
