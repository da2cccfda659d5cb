using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Pages.Transcripts;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Support.SeedTranscripts;

namespace TranscriptReader.Web.Tests.Pages.Transcripts;

/// <summary>
/// The transcript page serves its shared part from a cache keyed by versions that database triggers move
/// (ShowModel, migration PageVersions). Every write that changes what the page shows must show on the very
/// next view, whichever code path (or plain SQL) made it; per-reader state must never be shared.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ShowCacheTests(AppFactory app) : IAsyncLifetime
{
    private const string Text = "The model weighs its goals against the training signal and decides to comply.";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private sealed record Seeded(long TranscriptId, long BlockId, string Ada, string Bob, string Moderator, int GoalLabel, int OtherLabel);

    private async Task<Seeded> SeedAsync()
    {
        await using var db = app.CreateDbContext();
        var (transcriptId, blocks) = await AddAsync(db, "Cached page",
            new SeedMessage(MessageRoles.Assistant, null, new SeedBlock(BlockKinds.Reasoning, Text)));
        var (ada, bob, moderator) = (await AddUserAsync(db, "Ada"), await AddUserAsync(db, "Bob"), await AddUserAsync(db, "Mod"));
        var goal = new Label { Name = "goal guarding", NormalizedName = "goal guarding", Color = "#5b8def" };
        var other = new Label { Name = "preference preservation", NormalizedName = "preference preservation", Color = "#d9614c" };
        db.Labels.AddRange(goal, other);
        await db.SaveChangesAsync();
        return new Seeded(transcriptId, blocks[0], ada, bob, moderator, goal.Id, other.Id);
    }

    private async Task<IHtmlDocument> ViewAsync(long id, TestClient? client = null)
    {
        var (response, doc) = await (client ?? app.NewClient()).GetPageAsync($"/Transcripts/{id}");
        response.EnsureSuccessStatusCode();
        return doc;
    }

    private static JsonElement Shared(IHtmlDocument doc) => JsonDocument.Parse(doc.GetElementById("tr-taggings")!.TextContent).RootElement;

    private static JsonElement PageData(IHtmlDocument doc) => JsonDocument.Parse(doc.GetElementById("tr-page")!.TextContent).RootElement;

    private static string SidebarText(IHtmlDocument doc) =>
        string.Join(" | ", doc.QuerySelectorAll("#tag-list .tag-item").Select(li => string.Join(" ", li.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));

    private Task<T> WithAsync<TService, T>(Func<TService, Task<T>> action) where TService : notnull =>
        app.WithScopeAsync(sp => action(sp.GetRequiredService<TService>()));

    private async Task SqlAsync(string sql)
    {
        await using var db = app.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    [Fact]
    public async Task Every_kind_of_write_shows_on_the_next_view_of_a_cached_page()
    {
        var s = await SeedAsync();
        Assert.Empty((await ViewAsync(s.TranscriptId)).QuerySelectorAll("mark.hl"));

        var applied = await WithAsync<TaggingService, Outcome<AppliedTagging>>(t => t.ApplyAsync(s.Ada, s.BlockId, 4, 9, "model", "goal guarding"));
        var taggingId = applied.Value.Id;
        var doc = await ViewAsync(s.TranscriptId);
        Assert.Equal("model", doc.QuerySelector("mark.hl")!.TextContent);
        Assert.Equal("goal guarding — 1 reader model 0 agree · 0 dispute", SidebarText(doc));

        await WithAsync<TaggingService, Outcome<VoteCounts>>(t => t.VoteAsync(s.Bob, taggingId, 1));
        Assert.Contains("1 agree · 0 dispute", SidebarText(await ViewAsync(s.TranscriptId)), StringComparison.Ordinal);
        await WithAsync<TaggingService, Outcome<VoteCounts>>(t => t.VoteAsync(s.Bob, taggingId, -1));
        Assert.Contains("0 agree · 1 dispute", SidebarText(await ViewAsync(s.TranscriptId)), StringComparison.Ordinal);

        var onTagging = await WithAsync<CommentWriter, Outcome<CommentRef>>(d => d.PostAsync(ThreadKey.ForTagging(taggingId), null, s.Bob, "Is this really goal guarding?"));
        await WithAsync<CommentWriter, Outcome<CommentRef>>(d => d.PostAsync(ThreadKey.ForTranscript(s.TranscriptId), null, s.Bob, "General remark"));
        doc = await ViewAsync(s.TranscriptId);
        Assert.Equal(1, Shared(doc).GetProperty("taggings")[0].GetProperty("comments").GetInt32());
        Assert.Equal("Discussion (1)", doc.QuerySelector("a.discussion-link")!.TextContent.Trim());

        await WithAsync<Moderation, Outcome<CommentRef>>(d => d.HideAsync(onTagging.Value.Id, new DiscussionViewer(s.Moderator, true), "off topic"));
        Assert.Equal(0, Shared(await ViewAsync(s.TranscriptId)).GetProperty("taggings")[0].GetProperty("comments").GetInt32());

        await WithAsync<LabelCatalog, Outcome<SavedLabel>>(c => c.RenameAsync(s.Moderator, s.GoalLabel, "goal preservation"));
        Assert.StartsWith("goal preservation — 1 reader", SidebarText(await ViewAsync(s.TranscriptId)), StringComparison.Ordinal);
        await WithAsync<LabelCatalog, Outcome<SavedLabel>>(c => c.RecolorAsync(s.Moderator, s.GoalLabel, "#4caf7d"));
        Assert.Equal("--hl:#4caf7d", (await ViewAsync(s.TranscriptId)).QuerySelector("mark.hl")!.GetAttribute("style"));

        var merge = await WithAsync<LabelMerger, Outcome<MergeResult>>(m => m.MergeAsync(s.Moderator, [s.GoalLabel], s.OtherLabel));
        Assert.True(merge.Ok, merge.Failure?.Message);
        Assert.StartsWith("preference preservation — 1 reader", SidebarText(await ViewAsync(s.TranscriptId)), StringComparison.Ordinal);
        var undo = await WithAsync<LabelMerger, Outcome<UndoResult>>(m => m.UndoAsync(s.Moderator, merge.Value.MergeId));
        Assert.True(undo.Ok, undo.Failure?.Message);
        Assert.StartsWith("goal preservation — 1 reader", SidebarText(await ViewAsync(s.TranscriptId)), StringComparison.Ordinal);

        // Plain SQL, as an administrator might run: the triggers see it too.
        await SqlAsync($"UPDATE transcripts SET title = 'Renamed in SQL' WHERE id = {s.TranscriptId}");
        Assert.Equal("Renamed in SQL", (await ViewAsync(s.TranscriptId)).QuerySelector("h1")!.TextContent);
        await SqlAsync($"UPDATE \"AspNetUsers\" SET user_name = 'Ada Lovelace' WHERE id = '{s.Ada}'");
        Assert.Equal("Ada Lovelace", Shared(await ViewAsync(s.TranscriptId)).GetProperty("users").GetProperty(s.Ada).GetString());

        // Block text never changes after import, so nothing watches it: a change behind the app's back stays
        // unseen, which shows that the views above were served from the cache and still saw every write.
        await SqlAsync($"UPDATE blocks SET text = replace(text, 'comply', 'refuse') WHERE id = {s.BlockId}");
        Assert.Contains("comply", (await ViewAsync(s.TranscriptId)).QuerySelector(".block-text")!.TextContent, StringComparison.Ordinal);

        var removed = await WithAsync<TaggingService, Outcome>(t => t.RemoveAsync(s.Ada, false, taggingId));
        Assert.Null(removed.Failure);
        doc = await ViewAsync(s.TranscriptId);
        Assert.Empty(doc.QuerySelectorAll("mark.hl"));
        Assert.Empty(Shared(doc).GetProperty("taggings").EnumerateArray());
    }

    [Fact]
    public async Task Readers_share_the_cached_part_but_each_sees_only_their_own_votes_and_controls()
    {
        var s = await SeedAsync();
        var ada = app.NewClient();
        await ada.RegisterAsync("ada-reader@example.org", "Ada Reader");
        var bob = app.NewClient();
        await bob.RegisterAsync("bob-reader@example.org", "Bob Reader");
        string adaId;
        await using (var db = app.CreateDbContext())
        {
            adaId = await db.Users.Where(u => u.UserName == "Ada Reader").Select(u => u.Id).SingleAsync();
        }
        var applied = await WithAsync<TaggingService, Outcome<AppliedTagging>>(t => t.ApplyAsync(s.Ada, s.BlockId, 4, 9, "model", "goal guarding"));
        await WithAsync<TaggingService, Outcome<VoteCounts>>(t => t.VoteAsync(adaId, applied.Value.Id, 1));

        // An anonymous visitor renders this version first; then the two readers view it.
        var anonymous = await ViewAsync(s.TranscriptId);
        var bobView = await ViewAsync(s.TranscriptId, bob);
        var adaView = await ViewAsync(s.TranscriptId, ada);

        Assert.False(PageData(anonymous).TryGetProperty("userId", out _));
        Assert.Empty(PageData(anonymous).GetProperty("myVotes").EnumerateObject());
        Assert.NotNull(anonymous.QuerySelector(".reader-toolbar a[href^='/Account/Login']"));
        Assert.Null(anonymous.GetElementById("toggle-mine"));

        Assert.Empty(PageData(bobView).GetProperty("myVotes").EnumerateObject());
        Assert.NotNull(bobView.GetElementById("toggle-mine"));
        Assert.NotNull(bobView.GetElementById("tr-labels"));
        Assert.Equal(1, PageData(adaView).GetProperty("myVotes").GetProperty(applied.Value.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetInt32());
        Assert.Equal(adaId, PageData(adaView).GetProperty("userId").GetString());
        Assert.Contains("Ada Reader", adaView.QuerySelector(".nav-account")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Bob Reader", bobView.QuerySelector(".nav-account")!.TextContent, StringComparison.Ordinal);
        // One shared part for the readers: the same bytes, whoever asked first.
        Assert.Equal(bobView.GetElementById("reader")!.OuterHtml, adaView.GetElementById("reader")!.OuterHtml);

        // The popover's label list is part of the readers' shared part; a new label shows on the next view.
        static IEnumerable<string?> LabelNames(IHtmlDocument doc) =>
            JsonDocument.Parse(doc.GetElementById("tr-labels")!.TextContent).RootElement.EnumerateArray().Select(l => l.GetProperty("name").GetString());
        Assert.DoesNotContain("situational awareness", LabelNames(bobView));
        await WithAsync<LabelCatalog, Outcome<SavedLabel>>(c => c.CreateAsync(s.Moderator, "situational awareness"));
        Assert.Contains("situational awareness", LabelNames(await ViewAsync(s.TranscriptId, bob)));
    }

    [Fact]
    public async Task The_page_is_one_document_in_order_with_the_cached_part_inside_main()
    {
        var s = await SeedAsync();
        await ViewAsync(s.TranscriptId);

        var html = await app.NewClient().Http.GetStringAsync($"/Transcripts/{s.TranscriptId}");

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        var main = html.IndexOf("<main", StringComparison.Ordinal);
        var reader = html.IndexOf("id=\"reader\"", StringComparison.Ordinal);
        var page = html.IndexOf("id=\"tr-page\"", StringComparison.Ordinal);
        var end = html.IndexOf("</main>", StringComparison.Ordinal);
        Assert.True(main < reader && reader < page && page < end, $"main {main}, reader {reader}, page data {page}, end of main {end}");
        Assert.EndsWith("</html>", html.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_carries_exactly_a_fresh_rendering_of_the_snapshot_whether_rendered_for_it_or_cached()
    {
        var s = await SeedAsync();
        var applied = await WithAsync<TaggingService, Outcome<AppliedTagging>>(t => t.ApplyAsync(s.Ada, s.BlockId, 4, 9, "model", "goal guarding"));
        var taggingId = applied.Value.Id;
        await WithAsync<CommentWriter, Outcome<CommentRef>>(d => d.PostAsync(ThreadKey.ForTagging(taggingId), null, s.Bob, "Really?"));
        var reader = app.NewClient();
        await reader.RegisterAsync("fresh-reader@example.org", "Fresh Reader");
        await reader.Http.GetAsync("/"); // shows and clears the welcome message, which is not part of the page
        var url = $"/Transcripts/{s.TranscriptId}";

        foreach (var (client, signedIn) in new[] { (app.NewClient(), false), (reader, true) })
        {
            var miss = await client.Http.GetByteArrayAsync(url);
            var hit = await client.Http.GetByteArrayAsync(url);
            var fresh = await FreshRenderingAsync(s.TranscriptId, signedIn);

            Assert.True(miss.AsSpan().IndexOf(fresh) > 0, $"signed in: {signedIn}; the first view does not contain a fresh rendering");
            Assert.True(hit.AsSpan().IndexOf(fresh) > 0, $"signed in: {signedIn}; the cached view does not contain a fresh rendering");
            Assert.Equal(WithoutTokens(miss), WithoutTokens(hit));

            // A new version is rendered again, and is again what a fresh rendering gives.
            await WithAsync<TaggingService, Outcome<VoteCounts>>(t => t.VoteAsync(s.Bob, taggingId, 1));
            var next = await client.Http.GetByteArrayAsync(url);
            var freshNext = await FreshRenderingAsync(s.TranscriptId, signedIn);
            Assert.False(freshNext.AsSpan().SequenceEqual(fresh));
            Assert.True(next.AsSpan().IndexOf(freshNext) > 0, $"signed in: {signedIn}; the view after a vote does not contain a fresh rendering");
            await WithAsync<TaggingService, Outcome<VoteCounts>>(t => t.VoteAsync(s.Bob, taggingId, 0));
        }
    }

    private Task<byte[]> FreshRenderingAsync(long transcriptId, bool signedIn) => app.WithScopeAsync(async sp =>
    {
        var snapshot = await sp.GetRequiredService<TranscriptPageQuery>().LoadAsync(transcriptId);
        return await sp.GetRequiredService<ReaderPartRenderer>().RenderAsync(snapshot!, signedIn);
    });

    /// <summary>The page as text without its antiforgery tokens, which are new on every request.</summary>
    private static string WithoutTokens(byte[] html) =>
        Regex.Replace(Encoding.UTF8.GetString(html), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]*\"", "");

}
