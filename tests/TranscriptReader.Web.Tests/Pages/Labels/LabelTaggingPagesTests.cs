using System.Globalization;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Core.Labels;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Labels;

/// <summary>The label page lists its taggings in keyset pages, newest first, merged labels included; page numbers still work.</summary>
[Collection(WebCollection.Name)]
public sealed class LabelTaggingPagesTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Older_and_newer_links_walk_every_tagging_once_newest_first_before_and_after_a_merge()
    {
        var w = await LabelWorld.CreateAsync(app);
        await using (var db = app.CreateDbContext())
        {
            // 123 more taggings, two or three per minute, so rows share a creation time and the id breaks the tie.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO taggings (block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix, created_at, comments_locked)
                SELECT b.id, b.transcript_id, {w.Target}, 'goal guarding', u.id, s, s + 3, 'xyz', '', '', timestamptz '2026-01-01 00:00:00.123456+00' + (s / 2) * interval '1 minute', false
                FROM blocks b CROSS JOIN generate_series(30, 70) s CROSS JOIN "AspNetUsers" u
                """);
            await db.Database.ExecuteSqlAsync($"UPDATE taggings SET created_at = timestamptz '2026-01-01 00:10:00+00' WHERE id = {w.SourceTagging}");
        }
        var alone = await ExpectedAsync([w.Target]);
        Assert.Equal(124, alone.Count);
        await AssertWalkAsync(w.Target, alone);

        var moderatorId = await UserIdAsync("Mo");
        var merged = await app.WithScopeAsync(sp => sp.GetRequiredService<LabelMerger>().MergeAsync(moderatorId, [w.Source], w.Target));
        Assert.True(merged.TryGet(out _, out _));
        var family = await ExpectedAsync([w.Target, w.Source]);
        Assert.Equal(125, family.Count);
        Assert.Contains(w.SourceTagging, family);
        await AssertWalkAsync(w.Target, family);
    }

    [Fact]
    public async Task Page_numbers_of_earlier_links_still_show_that_page_with_its_number()
    {
        var w = await LabelWorld.CreateAsync(app);
        await using (var db = app.CreateDbContext())
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO taggings (block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix, created_at, comments_locked)
                SELECT b.id, b.transcript_id, {w.Target}, 'goal guarding', u.id, s, s + 3, 'xyz', '', '', now() - s * interval '1 second', false
                FROM blocks b CROSS JOIN generate_series(30, 50) s CROSS JOIN "AspNetUsers" u
                """);
        }
        var expected = await ExpectedAsync([w.Target]);

        var (_, second) = await app.NewClient().GetPageAsync($"/Labels/{w.Target}?p=2");
        Assert.Equal(expected.Skip(50).Take(50), TaggingIds(second));
        Assert.Contains("page 2 of 2", second.QuerySelector(".tagging-count")!.TextContent);
        Assert.Equal("51", second.QuerySelector("ol.tagging-list")!.GetAttribute("start"));
        Assert.Null(second.QuerySelector("a[rel=next]"));
        var (_, beyond) = await app.NewClient().GetPageAsync($"/Labels/{w.Target}?p=99");
        Assert.Equal(expected.Skip(50), TaggingIds(beyond));

        // A cursor whose row is gone (deleted meanwhile) still places the page.
        var (_, first) = await app.NewClient().GetPageAsync($"/Labels/{w.Target}");
        var older = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        await using (var db = app.CreateDbContext())
        {
            await db.Database.ExecuteSqlAsync($"DELETE FROM taggings WHERE id = {expected[49]}");
        }
        var (_, next) = await app.NewClient().GetPageAsync(older);
        Assert.Equal(expected.Skip(50), TaggingIds(next));
        var (status, _) = await app.NewClient().GetPageAsync($"/Labels/{w.Target}?before=garbage");
        Assert.Equal(System.Net.HttpStatusCode.OK, status.StatusCode);
    }

    /// <summary>Follows "Older" from the first page to the last, then "Newer" back, checking every page's rows.</summary>
    private async Task AssertWalkAsync(int labelId, List<long> expected)
    {
        var client = app.NewClient();
        var pages = new List<List<long>>();
        var lastUrl = "";
        string? url = $"/Labels/{labelId}";
        while (url is not null)
        {
            var (_, doc) = await client.GetPageAsync(url);
            pages.Add(TaggingIds(doc));
            lastUrl = url;
            url = doc.QuerySelector("a[rel=next]")?.GetAttribute("href");
            Assert.True(pages.Count < 10, "the Older links do not end");
        }
        Assert.Equal(expected, pages.SelectMany(p => p));
        Assert.Equal((expected.Count + 49) / 50, pages.Count);
        Assert.All(pages.SkipLast(1), p => Assert.Equal(50, p.Count));

        // Back from the last page: each Newer link shows the page before it, and the first page comes back full.
        var (_, last) = await client.GetPageAsync(lastUrl);
        var back = last.QuerySelector("a[rel=prev]")?.GetAttribute("href");
        for (var i = pages.Count - 2; i >= 0; i--)
        {
            Assert.NotNull(back);
            var (_, doc) = await client.GetPageAsync(back);
            Assert.Equal(pages[i], TaggingIds(doc));
            back = doc.QuerySelector("a[rel=prev]")?.GetAttribute("href");
        }
        Assert.Null(back);
    }

    private async Task<List<long>> ExpectedAsync(int[] labels)
    {
        await using var db = app.CreateDbContext();
        return await db.Taggings.Where(t => labels.Contains(t.LabelId))
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Select(t => t.Id).ToListAsync();
    }

    private async Task<string> UserIdAsync(string name)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync();
    }

    private static List<long> TaggingIds(IHtmlDocument doc) =>
        doc.QuerySelectorAll(".tagging-list li a").Select(a => a.GetAttribute("href")!)
            .Select(h => long.Parse(h[(h.IndexOf("#tag-", StringComparison.Ordinal) + 5)..], CultureInfo.InvariantCulture)).ToList();
}
