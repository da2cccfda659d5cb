using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Importing;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Transcripts;

[Collection(WebCollection.Name)]
public sealed class IndexTests(AppFactory app) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        var files = Enumerable.Range(1, 55)
            .Select(i => new ImportFile($"variant-{i:00}.txt", Encoding.UTF8.GetBytes(Fixtures.AlignmentFakingVariant(i, freeTier: i % 5 == 0))))
            .Append(new ImportFile("monitor.txt", Encoding.UTF8.GetBytes(Fixtures.PlainText)))
            .ToList();
        await app.WithScopeAsync(async sp =>
            await sp.GetRequiredService<ImportService>().ImportAllAsync(new ImportRequest(files, null, "Variants", null)));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<List<string>> TitlesAsync(string url)
    {
        var (response, doc) = await app.NewClient().GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return doc.QuerySelectorAll("table.transcript-table tbody td:first-child a").Select(a => a.TextContent).ToList();
    }

    [Fact]
    public async Task List_is_paginated_fifty_per_page()
    {
        Assert.Equal(50, (await TitlesAsync("/Transcripts")).Count);
        var second = await TitlesAsync("/Transcripts?p=2");
        Assert.Equal(6, second.Count);
    }

    [Fact]
    public async Task Full_text_search_finds_words_inside_blocks()
    {
        // "monitored" only occurs in the plain-text transcript's body; stemming matches "monitoring".
        Assert.Equal(["monitor"], await TitlesAsync("/Transcripts?q=monitoring"));
        Assert.Equal(55, (await TitlesAsync("/Transcripts?q=chlorophyll")).Count + (await TitlesAsync("/Transcripts?q=chlorophyll&p=2")).Count);
    }

    [Fact]
    public async Task Metadata_filter_selects_free_tier_transcripts()
    {
        var titles = await TitlesAsync("/Transcripts?meta=is_free_tier_user%3Dtrue");
        Assert.Equal(11, titles.Count);
        Assert.All(titles, t => Assert.Matches(@"variant-(05|10|15|20|25|30|35|40|45|50|55)", t));
    }

    [Fact]
    public async Task Collection_filter_and_bad_metadata_filter()
    {
        await using var db = app.CreateDbContext();
        var collection = await db.Collections.SingleAsync();
        Assert.Equal(50, (await TitlesAsync($"/Transcripts?collection={collection.Id}")).Count);
        Assert.Empty(await TitlesAsync($"/Transcripts?collection={collection.Id + 1000}"));

        var (response, doc) = await app.NewClient().GetPageAsync("/Transcripts?meta=nonsense");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("key=value", doc.QuerySelector(".errors")!.TextContent);
    }

    [Fact]
    public async Task Titles_are_html_encoded()
    {
        await using (var db = app.CreateDbContext())
        {
            var t = await db.Transcripts.FirstAsync();
            t.Title = "<img src=x onerror=alert(1)>";
            await db.SaveChangesAsync();
        }
        var (_, doc) = await app.NewClient().GetPageAsync("/Transcripts?sort=title");
        Assert.Empty(doc.QuerySelectorAll("table img"));
        Assert.Contains("<img src=x onerror=alert(1)>", doc.QuerySelector("table.transcript-table")!.TextContent);
    }

    [Fact]
    public async Task Import_page_without_scripts_imports_and_shows_the_summary()
    {
        var client = app.NewClient();
        await client.RegisterAsync("ada@example.org", "Ada");
        var token = await client.AntiforgeryTokenAsync("/Transcripts/Import");
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Pasted talk"), "title" },
            { new StringContent("Human: Is this a test?\n\nAssistant: Possibly. I answer the same either way."), "text" },
            { new StringContent("Pasted"), "collection" },
        };
        var response = await client.Http.PostAsync("/Transcripts/Import", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains("1 imported", doc.QuerySelector(".import-summary .import-totals")!.TextContent);
        var link = (IHtmlAnchorElement)doc.QuerySelector(".import-summary a")!;
        Assert.StartsWith("/Transcripts/", link.GetAttribute("href"));
    }

    [Fact]
    public async Task Import_page_needs_an_account()
    {
        var response = await app.NewClient().Http.GetAsync("/Transcripts/Import");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Comment_column_counts_visible_comments_of_the_transcript_and_its_taggings()
    {
        var client = app.NewClient();
        await client.RegisterAsync("ada@example.org", "Ada");
        await using (var db = app.CreateDbContext())
        {
            var user = (await db.Users.SingleAsync()).Id;
            var transcript = await db.Transcripts.SingleAsync(t => t.Title == "monitor");
            var block = await db.Blocks.FirstAsync(b => b.TranscriptId == transcript.Id);
            var label = new Core.Labels.Label { Name = "x", NormalizedName = "x", Color = "#e8a33d" };
            db.Labels.Add(label);
            await db.SaveChangesAsync();
            var tagging = new Core.Taggings.Tagging
            {
                BlockId = block.Id, TranscriptId = transcript.Id, LabelId = label.Id, AppliedLabelName = "x", UserId = user,
                Start = 0, End = 3, Quote = block.Text[..3],
            };
            db.Taggings.Add(tagging);
            await db.SaveChangesAsync();
            db.Comments.AddRange(
                new Core.Discussion.Comment { TranscriptId = transcript.Id, AuthorId = user, Body = "visible" },
                new Core.Discussion.Comment { TaggingId = tagging.Id, AuthorId = user, Body = "on the tag" },
                new Core.Discussion.Comment { TranscriptId = transcript.Id, AuthorId = user, Body = "gone", DeletedAt = DateTimeOffset.UtcNow },
                new Core.Discussion.Comment { TranscriptId = transcript.Id, AuthorId = user, Body = "hidden", HiddenAt = DateTimeOffset.UtcNow, HiddenReason = "spam" });
            await db.SaveChangesAsync();
        }
        var (_, doc) = await app.NewClient().GetPageAsync("/Transcripts?q=monitoring");
        var cells = doc.QuerySelectorAll("table.transcript-table tbody tr td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal("1", cells[4]);
        Assert.Equal("2", cells[5]);
    }

    [Fact]
    public async Task Next_and_previous_links_are_keyset_pages_that_cover_the_list_once()
    {
        var client = app.NewClient();
        var (_, first) = await client.GetPageAsync("/Transcripts");
        Assert.Contains("56 transcripts · page 1 of 2", first.QuerySelector(".result-count")!.TextContent);
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        Assert.Contains("after=", next);
        var (_, second) = await client.GetPageAsync(next);
        var firstTitles = first.QuerySelectorAll("table.transcript-table tbody td:first-child a").Select(a => a.TextContent).ToList();
        var secondTitles = second.QuerySelectorAll("table.transcript-table tbody td:first-child a").Select(a => a.TextContent).ToList();
        Assert.Equal(6, secondTitles.Count);
        Assert.Equal(56, firstTitles.Concat(secondTitles).Distinct().Count());
        Assert.Null(second.QuerySelector("a[rel=next]"));
        Assert.Equal("/Transcripts", second.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        // The same order by title, and a search, page the same way.
        var (_, byTitle) = await client.GetPageAsync("/Transcripts?sort=title");
        var (_, byTitleNext) = await client.GetPageAsync(byTitle.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        var titles = byTitle.QuerySelectorAll("table.transcript-table tbody td:first-child a").Concat(byTitleNext.QuerySelectorAll("table.transcript-table tbody td:first-child a"))
            .Select(a => a.TextContent).ToList();
        Assert.Equal(titles.Order(StringComparer.Ordinal).ToList(), titles);
        Assert.Equal(56, titles.Distinct().Count());
    }

    [Fact]
    public async Task A_list_too_long_to_count_says_about_and_still_pages()
    {
        await using (var db = app.CreateDbContext())
        {
            // Rows written directly: importing 1,200 transcripts would take minutes.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO transcripts (title, source, format, metadata, imported_at, content_hash, char_count, comments_locked, last_activity_at)
                SELECT 'bulk ' || g, 'bulk.txt', 'text', '{{}}', now() - make_interval(secs => g), md5('bulk' || g), 10, false, now()
                FROM generate_series(1, 1200) g;
                ANALYZE transcripts;
                """);
        }
        var (_, doc) = await app.NewClient().GetPageAsync("/Transcripts");
        var count = doc.QuerySelector(".result-count")!.TextContent;
        Assert.Matches(@"^about 1,[0-9]00 transcripts · page 1$", count);
        Assert.Equal(50, doc.QuerySelectorAll("table.transcript-table tbody tr").Length);
        var (_, second) = await app.NewClient().GetPageAsync(doc.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Contains("page 2", second.QuerySelector(".result-count")!.TextContent);
        Assert.Equal(50, second.QuerySelectorAll("table.transcript-table tbody tr").Length);
        // Few matches are still counted exactly.
        Assert.Equal("55 transcripts", (await app.NewClient().GetPageAsync("/Transcripts?q=chlorophyll")).Document.QuerySelector(".result-count")!.TextContent.Split(" · ")[0]);
    }
}
