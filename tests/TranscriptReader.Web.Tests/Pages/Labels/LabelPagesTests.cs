using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Labels;

[Collection(WebCollection.Name)]
public sealed class LabelPagesTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static Dictionary<string, string> Fields(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public async Task Catalog_lists_labels_with_counts_and_the_label_page_links_each_tagging_to_its_passage()
    {
        var w = await LabelWorld.CreateAsync(app);

        var (index, doc) = await app.NewClient().GetPageAsync("/Labels?sort=count");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        var rows = doc.QuerySelectorAll("table.label-table tbody tr").Select(r => r.QuerySelector("a.label-name")!.TextContent.Trim()).ToList();
        Assert.Equal(["goal guarding", "Goal-guarding"], rows);

        var (page, details) = await app.NewClient().GetPageAsync($"/Labels/{w.Source}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var link = details.QuerySelector(".tagging-list a")!.GetAttribute("href");
        Assert.Equal($"/Transcripts/{w.TranscriptId}#tag-{w.SourceTagging}", link);
    }

    [Fact]
    public async Task Members_are_sent_to_access_denied_on_every_moderator_page()
    {
        var w = await LabelWorld.CreateAsync(app);
        foreach (var url in new[] { "/Labels/Create", $"/Labels/Edit/{w.Target}", "/Labels/Duplicates", "/Labels/Merge", "/Audit" })
        {
            var response = await w.Member.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, (await w.Moderator.Http.GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task Members_cannot_rename_merge_or_undo_even_with_a_valid_antiforgery_token()
    {
        var w = await LabelWorld.CreateAsync(app);
        var merge = await w.Moderator.PostFormAsync("/Labels", "/Labels/Merge", Fields(("sources", $"{w.Source}"), ("target", $"{w.Target}")));
        Assert.Equal(HttpStatusCode.Redirect, merge.StatusCode);
        await using var db = app.CreateDbContext();
        var mergeId = (await db.LabelMerges.SingleAsync()).Id;

        var attempts = new[]
        {
            await w.Member.PostFormAsync("/Labels", $"/Labels/Edit/{w.Target}?handler=Rename", Fields(("name", "hijacked"))),
            await w.Member.PostFormAsync("/Labels", "/Labels/Merge", Fields(("sources", $"{w.Target}"), ("target", $"{w.Source}"))),
            await w.Member.PostFormAsync("/Labels", $"/Labels/{w.Target}?handler=Undo", Fields(("mergeId", $"{mergeId}"))),
        };

        foreach (var response in attempts)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
        }
        await using var check = app.CreateDbContext();
        Assert.Equal("goal guarding", (await check.Labels.SingleAsync(l => l.Id == w.Target)).Name);
        Assert.Null((await check.LabelMerges.SingleAsync()).UndoneAt);
    }

    [Fact]
    public async Task Moderator_renames_previews_merges_and_undoes_through_the_pages()
    {
        var w = await LabelWorld.CreateAsync(app);

        var rename = await w.Moderator.PostFormAsync($"/Labels/Edit/{w.Target}", $"/Labels/Edit/{w.Target}?handler=Rename", Fields(("name", "Goal guarding")));
        Assert.Equal(HttpStatusCode.Redirect, rename.StatusCode);
        var (_, preview) = await w.Moderator.GetPageAsync($"/Labels/Merge?sources={w.Source}&target={w.Target}");
        Assert.Contains("1 tagging(s) move", preview.QuerySelector(".merge-preview")!.TextContent.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        var merge = await w.Moderator.PostFormAsync("/Labels/Merge", "/Labels/Merge", Fields(("sources", $"{w.Source}"), ("target", $"{w.Target}")));
        Assert.Equal($"/Labels/{w.Target}", merge.Headers.Location!.OriginalString);

        var (_, merged) = await w.Member.GetPageAsync($"/Labels/{w.Source}");
        Assert.Contains("merged into", merged.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(merged.QuerySelectorAll(".tagging-list a"));
        // The moved tagging keeps its row as it was; every page counts it under the target.
        var (_, target) = await w.Member.GetPageAsync($"/Labels/{w.Target}");
        Assert.Contains($"/Transcripts/{w.TranscriptId}#tag-{w.SourceTagging}", target.QuerySelectorAll(".tagging-list a").Select(a => a.GetAttribute("href")));
        var (_, transcript) = await w.Member.GetPageAsync($"/Transcripts/{w.TranscriptId}");
        var item = transcript.QuerySelectorAll("li.tag-item").Single(li => li.GetAttribute("data-ids")!.Split(' ').Contains($"{w.SourceTagging}"));
        Assert.Equal($"{w.Target}", item.GetAttribute("data-label-id"));
        await using var db = app.CreateDbContext();
        var mergeId = (await db.LabelMerges.SingleAsync()).Id;
        var (_, details) = await w.Moderator.GetPageAsync($"/Labels/{w.Target}");
        Assert.Equal($"/Labels/{w.Target}?handler=Undo", details.QuerySelector(".merge-history form")!.GetAttribute("action"));
        var undo = await w.Moderator.PostFormAsync($"/Labels/{w.Target}", $"/Labels/{w.Target}?handler=Undo", Fields(("mergeId", $"{mergeId}")));
        Assert.Equal($"/Labels/{w.Target}", undo.Headers.Location!.OriginalString);

        await using var check = app.CreateDbContext();
        Assert.Equal(w.Source, (await check.Taggings.SingleAsync(t => t.Id == w.SourceTagging)).LabelId);
        Assert.Equal(["role.grant", "label.rename", "label.merge", "label.merge.undo"], await check.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        var (_, audit) = await w.Moderator.GetPageAsync("/Audit");
        Assert.Equal(4, audit.QuerySelectorAll("table.audit-table tbody tr").Length);
    }

    [Fact]
    public async Task A_refused_merge_or_undo_shows_the_form_again_with_the_reason_and_the_api_status()
    {
        var w = await LabelWorld.CreateAsync(app);
        var merge = await w.Moderator.PostFormAsync("/Labels/Merge", "/Labels/Merge", Fields(("sources", $"{w.Source}"), ("target", $"{w.Target}")));
        Assert.Equal(HttpStatusCode.Redirect, merge.StatusCode);
        await using var db = app.CreateDbContext();
        var mergeId = (await db.LabelMerges.SingleAsync()).Id;
        Assert.Equal(HttpStatusCode.Redirect, (await w.Moderator.PostFormAsync($"/Labels/{w.Target}", $"/Labels/{w.Target}?handler=Undo", Fields(("mergeId", $"{mergeId}")))).StatusCode);

        var intoItself = await w.Moderator.PostFormAsync("/Labels/Merge", "/Labels/Merge", Fields(("sources", $"{w.Target}"), ("target", $"{w.Target}")));
        var intoMissing = await w.Moderator.PostFormAsync("/Labels/Merge", "/Labels/Merge", Fields(("sources", $"{w.Source}"), ("target", "999999")));
        var previewMissing = await w.Moderator.Http.GetAsync($"/Labels/Merge?sources={w.Source}&target=999999");
        var undoAgain = await w.Moderator.PostFormAsync($"/Labels/{w.Target}", $"/Labels/{w.Target}?handler=Undo", Fields(("mergeId", $"{mergeId}")));
        var undoMissing = await w.Moderator.PostFormAsync($"/Labels/{w.Target}", $"/Labels/{w.Target}?handler=Undo", Fields(("mergeId", "999999")));

        Assert.Equal(HttpStatusCode.BadRequest, intoItself.StatusCode);
        Assert.Contains("cannot be merged into itself", await intoItself.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, intoMissing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, previewMissing.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, undoAgain.StatusCode);
        var shown = new HtmlParser().ParseDocument(await undoAgain.Content.ReadAsStringAsync());
        Assert.Contains($"Merge #{mergeId} was already undone.", shown.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("goal guarding", shown.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.NotFound, undoMissing.StatusCode);
        await using var check = app.CreateDbContext();
        Assert.Single(await check.LabelMerges.ToListAsync());
    }

    [Fact]
    public async Task Moderator_forms_posted_without_an_antiforgery_token_are_refused()
    {
        var w = await LabelWorld.CreateAsync(app);

        var rename = await w.Moderator.Http.PostAsync($"/Labels/Edit/{w.Target}?handler=Rename", new FormUrlEncodedContent(Fields(("name", "x"))));
        var merge = await w.Moderator.Http.PostAsync("/Labels/Merge", new FormUrlEncodedContent(Fields(("sources", $"{w.Source}"), ("target", $"{w.Target}"))));

        Assert.Equal(HttpStatusCode.BadRequest, rename.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, merge.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.False(await db.LabelMerges.AnyAsync());
    }

    [Fact]
    public async Task Label_forms_answer_the_status_of_the_failure_and_show_its_message()
    {
        var w = await LabelWorld.CreateAsync(app);
        var edit = $"/Labels/Edit/{w.Source}";

        var taken = await w.Moderator.PostFormAsync(edit, edit + "?handler=Rename", Fields(("name", "GOAL guarding")));
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("Another label is already called", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var color = await w.Moderator.PostFormAsync(edit, edit + "?handler=Color", Fields(("color", "red")));
        Assert.Equal(HttpStatusCode.BadRequest, color.StatusCode);
        Assert.Contains("#rrggbb", await color.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var missing = await w.Moderator.PostFormAsync(edit, "/Labels/Edit/987654?handler=Rename", Fields(("name", "anything")));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var blank = await w.Moderator.PostFormAsync("/Labels/Create", "/Labels/Create", Fields(("Data.Name", "  ")));
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);

        await using var db = app.CreateDbContext();
        Assert.Equal("Goal-guarding", (await db.Labels.SingleAsync(l => l.Id == w.Source)).Name);
    }
}
