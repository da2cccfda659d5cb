using Microsoft.Playwright;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Browser.Tests.Reading;

/// <summary>Issue 13: an Inspect eval with several samples/epochs has previous/next sample navigation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SampleNavigationTests(BrowserApp app)
{
    /// <summary>A sample as the Inspect importer stores it: eval_id, sample_id and epoch in the metadata.</summary>
    private async Task<long> SampleAsync(string evalId, string sampleId, int epoch)
    {
        await using var db = app.CreateDbContext();
        var transcript = new Transcript
        {
            Title = $"mmlu — sample {sampleId}, epoch {epoch}", Source = "log.eval", Format = "inspect", ContentHash = Guid.NewGuid().ToString("N"),
            MetadataJson = $$"""{"task": "mmlu", "eval_id": "{{evalId}}", "sample_id": {{sampleId}}, "epoch": {{epoch}}}""",
        };
        db.Transcripts.Add(transcript);
        await db.SaveChangesAsync();
        db.Messages.Add(new Message
        {
            TranscriptId = transcript.Id, Ordinal = 0, Role = MessageRoles.Assistant,
            Blocks = [new Block { TranscriptId = transcript.Id, Ordinal = 0, Kind = BlockKinds.Text, Text = $"Answer to sample {sampleId}, epoch {epoch}." }],
        });
        await db.SaveChangesAsync();
        return transcript.Id;
    }

    [Fact]
    public async Task Samples_of_one_eval_link_to_each_other_in_sample_then_epoch_order_and_new_samples_appear_at_once()
    {
        var evalId = "eval-" + Guid.NewGuid().ToString("N");
        // Imported out of order: the navigation follows sample id (numerically), then epoch.
        var s10 = await SampleAsync(evalId, "10", 1);
        var s2e2 = await SampleAsync(evalId, "2", 2);
        var s2e1 = await SampleAsync(evalId, "2", 1);
        var other = await SampleAsync("other-" + evalId, "1", 1);
        await using var session = await app.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync($"/Transcripts/{s2e2}");
        var nav = page.Locator("nav.sample-nav");
        await Assertions.Expect(nav.Locator(".sample-position")).ToContainTextAsync("Sample 2 of 3");
        await nav.Locator("a[rel=next]").ClickAsync();
        await page.WaitForURLAsync($"**/Transcripts/{s10}");
        await Assertions.Expect(nav.Locator(".sample-position")).ToContainTextAsync("Sample 3 of 3");
        await Assertions.Expect(nav.Locator("a[rel=next]")).ToHaveCountAsync(0);
        await nav.Locator("a[rel=prev]").ClickAsync();
        await page.WaitForURLAsync($"**/Transcripts/{s2e2}");
        await nav.Locator("a[rel=prev]").ClickAsync();
        await page.WaitForURLAsync($"**/Transcripts/{s2e1}");
        await Assertions.Expect(nav.Locator(".sample-position")).ToContainTextAsync("Sample 1 of 3");
        await Assertions.Expect(nav.Locator("a[rel=prev]")).ToHaveCountAsync(0);

        // The page of sample 10 is cached now; a sample imported later still shows up in its navigation.
        var s11 = await SampleAsync(evalId, "11", 1);
        await page.GotoAsync($"/Transcripts/{s10}");
        await Assertions.Expect(nav.Locator(".sample-position")).ToContainTextAsync("Sample 3 of 4");
        Assert.Equal($"/Transcripts/{s11}", await nav.Locator("a[rel=next]").GetAttributeAsync("href"));

        // A single-sample eval (and any other transcript) has no sample navigation.
        await page.GotoAsync($"/Transcripts/{other}");
        await Assertions.Expect(page.Locator("#transcript-title")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("nav.sample-nav")).ToHaveCountAsync(0);
        Assert.Empty(session.ServerErrors);
    }
}
