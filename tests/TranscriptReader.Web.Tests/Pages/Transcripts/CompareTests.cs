using System.Net;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Tests.Agreement;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Support.SeedTranscripts;

namespace TranscriptReader.Web.Tests.Pages.Transcripts;

/// <summary>/Transcripts/Compare: two transcripts side by side, and the "compare with…" suggestions.</summary>
[Collection(WebCollection.Name)]
public sealed class CompareTests(AppFactory app) : IAsyncLifetime
{
    private long free;
    private long paid;
    private long other;
    private long sameKey;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await using var db = app.CreateDbContext();
        var ada = await AddUserAsync(db, "ada");
        var goal = AgreementWorld.NewLabel("goal guarding");
        db.Labels.Add(goal);
        await db.SaveChangesAsync();
        SeedMessage Prompt(string text) => new(MessageRoles.User, null, new SeedBlock(BlockKinds.Text, text));
        SeedMessage Answer(string text) => new(MessageRoles.Assistant, null, new SeedBlock(BlockKinds.Reasoning, text), new SeedBlock(BlockKinds.Output, "Done."));
        (free, var freeBlocks) = await AddAsync(db, "free tier", Prompt("Write about X."), Answer("I will comply to protect my values."));
        (paid, _) = await AddAsync(db, "paid tier", Prompt("Write about X."), Answer("I refuse."), Prompt("Why?"), Answer("Because."));
        (other, _) = await AddAsync(db, "unrelated", Prompt("Something else."), Answer("Sure."));
        (sameKey, _) = await AddAsync(db, "same prompt id", Prompt("Reworded X."), Answer("Fine."));
        foreach (var (id, json) in new[] { (free, """{"prompt_id": 7}"""), (sameKey, """{"prompt_id": 7}"""), (other, """{"prompt_id": 8}""") })
        {
            (await db.Transcripts.FindAsync(id))!.MetadataJson = json;
        }
        AgreementWorld.Tag(db, free, freeBlocks[1], "I will comply to protect my values.", 2, 13, goal, ada);
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Two_transcripts_show_side_by_side_with_highlights_and_messages_aligned_by_position()
    {
        var (response, page) = await app.NewClient().GetPageAsync($"/Transcripts/Compare?a={free}&b={paid}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var panes = page.QuerySelectorAll(".compare-pane");
        Assert.Equal(2, panes.Length);
        Assert.Equal(["free tier", "paid tier"], panes.Select(p => p.QuerySelector("h2")!.TextContent.Trim()));
        // paid has four messages, free two: both columns have four rows, free's last two empty.
        Assert.All(panes, p => Assert.Equal(4, p.QuerySelectorAll(".compare-row").Length));
        Assert.Equal(0, panes[0].QuerySelectorAll(".compare-row")[3].QuerySelectorAll(".msg").Length);
        Assert.Equal("I will comply to protect my values.", panes[0].QuerySelectorAll(".compare-row")[1].QuerySelector(".blk-reasoning .block-text")!.TextContent);
        Assert.Equal("will comply", panes[0].QuerySelector("mark.hl")!.TextContent);
        Assert.Empty(panes[1].QuerySelectorAll("mark.hl"));
        Assert.NotNull(page.QuerySelector("input#compare-sync[checked]"));
    }

    [Fact]
    public async Task Compare_with_suggests_the_same_first_user_message_and_the_same_metadata_value()
    {
        var client = app.NewClient();
        var (_, plain) = await client.GetPageAsync($"/Transcripts/Compare?a={free}");
        Assert.Equal([$"/Transcripts/Compare?a={free}&b={paid}"], plain.QuerySelectorAll(".compare-suggestions a").Select(a => a.GetAttribute("href")));
        Assert.Empty(plain.QuerySelectorAll(".compare-pane"));

        var (_, byKey) = await client.GetPageAsync($"/Transcripts/Compare?a={free}&key=prompt_id");
        Assert.Equal(["paid tier", "same prompt id"], byKey.QuerySelectorAll(".compare-suggestions a").Select(a => a.TextContent));
        Assert.Contains("same prompt_id", byKey.QuerySelector(".compare-suggestions")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("?a=999999", HttpStatusCode.NotFound)]
    [InlineData("?a=FREE&b=999999", HttpStatusCode.NotFound)]
    [InlineData("?a=abc", HttpStatusCode.BadRequest)]
    [InlineData("?a=FREE&b=FREE", HttpStatusCode.BadRequest)]
    public async Task A_missing_or_unknown_transcript_is_a_clear_4xx(string query, HttpStatusCode status)
    {
        var (response, _) = await app.NewClient().GetPageAsync("/Transcripts/Compare" + query.Replace("FREE", free.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.Equal(status, response.StatusCode);
    }
}
