using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Web.Tests.Pages.Labels;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Audit;

/// <summary>The audit log reads as sentences with display names, and its subjects link to what they name.</summary>
[Collection(WebCollection.Name)]
public sealed class AuditPageTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static Dictionary<string, string> Fields(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    private sealed record AuditRow(string Subject, string? Href, string Sentence);

    private static async Task<List<AuditRow>> RowsAsync(TestClient client)
    {
        var (_, page) = await client.GetPageAsync("/Audit");
        return page.QuerySelectorAll("table.audit-table tbody tr").Select(tr =>
        {
            var cells = tr.QuerySelectorAll("td");
            var link = cells[3].QuerySelector("a");
            return new AuditRow(cells[3].TextContent.Trim(), link?.GetAttribute("href"),
                System.Text.RegularExpressions.Regex.Replace(cells[4].TextContent.Trim(), @"\s+", " "));
        }).ToList();
    }

    [Fact]
    public async Task A_merge_and_its_undo_read_as_sentences_with_label_names_and_link_to_the_label()
    {
        var w = await LabelWorld.CreateAsync(app);
        await w.Moderator.PostFormAsync("/Labels/Merge", "/Labels/Merge", Fields(("sources", $"{w.Source}"), ("target", $"{w.Target}")));
        await using var db = app.CreateDbContext();
        var mergeId = (await db.LabelMerges.SingleAsync()).Id;
        await w.Moderator.PostFormAsync($"/Labels/{w.Target}", $"/Labels/{w.Target}?handler=Undo", Fields(("mergeId", $"{mergeId}")));

        var rows = await RowsAsync(w.Moderator);
        Assert.Equal($"Mo undid merge #{mergeId}: “Goal-guarding” split from “goal guarding” again, 1 tagging moved back, 0 folded taggings restored.", rows[0].Sentence);
        Assert.Equal("Mo merged “Goal-guarding” into “goal guarding”, 1 tagging moved, 0 duplicate taggings folded together.", rows[1].Sentence);
        Assert.Equal(("label “goal guarding”", $"/Labels/{w.Target}"), (rows[1].Subject, rows[1].Href));
        Assert.DoesNotContain(rows, r => r.Sentence.Contains('{') || r.Sentence.Contains("Id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readers_are_named_by_display_name_and_taggings_link_to_their_passage()
    {
        var w = await LabelWorld.CreateAsync(app);
        await using var db = app.CreateDbContext();
        var bob = await db.Users.Where(u => u.UserName == "Bob").Select(u => u.Id).SingleAsync();
        var mo = await db.Users.Where(u => u.UserName == "Mo").Select(u => u.Id).SingleAsync();
        // The moderator removes Bob's tagging: audited, with Bob's user id in the details.
        w.Moderator.Http.DefaultRequestHeaders.Add("X-CSRF-TOKEN", await w.Moderator.AntiforgeryTokenAsync($"/Transcripts/{w.TranscriptId}"));
        var removed = await w.Moderator.Http.DeleteAsync($"/api/v1/taggings/{w.SourceTagging}");
        Assert.True(removed.IsSuccessStatusCode);
        var kept = await db.Taggings.Where(t => t.Id != w.SourceTagging).Select(t => t.Id).SingleAsync();
        db.AuditEntries.Add(new AuditEntry
        {
            ActorId = mo, Action = "thread.lock", TargetType = "tagging", TargetId = $"{kept}", At = DateTimeOffset.UtcNow.AddSeconds(1),
        });
        await db.SaveChangesAsync();

        var moderatorRows = await RowsAsync(w.Moderator);
        Assert.Equal(("tagging #" + kept, $"/Transcripts/{w.TranscriptId}#tag-{kept}"), (moderatorRows[0].Subject, moderatorRows[0].Href));
        var deletion = moderatorRows[1];
        Assert.Equal("Mo removed Bob's tagging “Goal-guarding” of “I will comply ”.", deletion.Sentence);
        Assert.StartsWith($"/Transcripts/{w.TranscriptId}#block-", deletion.Href);
        Assert.DoesNotContain(moderatorRows, r => r.Sentence.Contains(bob, StringComparison.Ordinal));

        // The role grant names Mo; only admins get a link to the users page.
        var grant = moderatorRows.Single(r => r.Sentence.Contains("moderator", StringComparison.Ordinal));
        Assert.Equal(("Ada made Mo moderator.", "Mo", null), (grant.Sentence, grant.Subject, grant.Href));
        var adminGrant = (await RowsAsync(w.Admin)).Single(r => r.Sentence == "Ada made Mo moderator.");
        Assert.Equal($"/Admin/Users#user-{mo}", adminGrant.Href);
    }
}
