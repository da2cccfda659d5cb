using System.Net;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Agreement;

[Collection(WebCollection.Name)]
public sealed class AgreementPageTests(AppFactory app) : IAsyncLifetime
{
    private AgreementWorld world = null!;

    public async Task InitializeAsync() => world = await AgreementWorld.CreateAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Agreement_page_lists_labels_with_alpha_and_a_chart_and_sorts()
    {
        var (response, doc) = await app.NewClient().GetPageAsync("/Agreement");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = doc.QuerySelectorAll("table.agreement-table tbody tr").ToList();
        Assert.Equal(["goal guarding", "sycophancy"], rows.Select(r => r.QuerySelector("td a")!.TextContent.Trim()));
        Assert.Equal("0.125", rows[0].QuerySelector("td.alpha")!.TextContent.Trim());
        Assert.NotNull(rows[0].QuerySelector("svg.ci-chart circle.ci-dot"));
        Assert.Null(rows[1].QuerySelector("svg.ci-chart circle"));
        Assert.StartsWith("alpha 0.125, 95 % interval", rows[0].QuerySelector("svg.ci-chart")!.GetAttribute("aria-label"));

        var (_, byName) = await app.NewClient().GetPageAsync("/Agreement?sort=label-desc");
        Assert.Equal(["sycophancy", "goal guarding"], byName.QuerySelectorAll("table.agreement-table tbody tr td:first-child a").Select(a => a.TextContent.Trim()));
        Assert.Equal("descending", byName.QuerySelector("th[aria-sort] a[href*='sort=label-asc']")!.ParentElement!.GetAttribute("aria-sort"));
    }

    [Fact]
    public async Task A_bad_filter_is_shown_on_the_page_with_400()
    {
        var (response, doc) = await app.NewClient().GetPageAsync("/Agreement?meta=oops");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("key=value", doc.QuerySelector(".errors")!.TextContent);
    }

    [Fact]
    public async Task Label_page_links_split_passages_and_compares_with_the_published_label()
    {
        var (response, doc) = await app.NewClient().GetPageAsync("/Agreement/Label?label=goal%20guarding&key=label&positive=potential_faking");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var links = doc.QuerySelectorAll(".split-list .split-where a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(2, links.Count);
        Assert.All(links, l => Assert.StartsWith($"/Transcripts/{world.T1}#tag-", l));
        Assert.Contains("ada · bo", doc.QuerySelector("table.pair-table tbody")!.TextContent);
        Assert.Contains("κ = 1.000", doc.QuerySelector("#reference-head")!.ParentElement!.TextContent);
        Assert.Contains("label", doc.QuerySelectorAll("#metadata-keys option").Select(o => o.GetAttribute("value")));

        var (missing, page) = await app.NewClient().GetPageAsync("/Agreement/Label?label=nothing");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("'nothing'", page.QuerySelector(".errors")!.TextContent);
    }

    [Fact]
    public async Task Transcript_list_counts_done_readers_and_a_reader_marks_done_from_it()
    {
        var reader = world.Researcher;
        reader.Http.DefaultRequestHeaders.Authorization = null;
        var (_, list) = await reader.GetPageAsync("/Transcripts");
        Assert.Equal("2", DoneCount(list, "t1"));
        Assert.Equal("1", DoneCount(list, "t2"));

        var form = list.QuerySelectorAll("table.transcript-table tbody tr").Single(r => r.QuerySelector("td a")!.TextContent == "t2")
            .QuerySelector("form.done-form")!;
        // The return address is a hidden field, as a browser sends it.
        var posted = await reader.PostFormAsync("/Transcripts", form.GetAttribute("action")!.Replace("&amp;", "&", StringComparison.Ordinal),
            new Dictionary<string, string> { ["returnUrl"] = form.QuerySelector("input[name=returnUrl]")!.GetAttribute("value")! });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/Transcripts", posted.Headers.Location!.OriginalString);

        var (_, after) = await reader.GetPageAsync("/Transcripts");
        Assert.Equal("2", DoneCount(after, "t2"));
        var (_, notDone) = await reader.GetPageAsync("/Transcripts?notdone=true");
        Assert.Equal(["t1"], notDone.QuerySelectorAll("table.transcript-table tbody td:first-child a").Select(a => a.TextContent));

        var (page, done) = await reader.GetPageAsync($"/Transcripts/{world.T2}/Done");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Undo done", done.QuerySelector(".done-card button")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.Http.GetAsync("/Transcripts/999999/Done")).StatusCode);
    }

    [Fact]
    public async Task The_transcript_page_shows_the_readers_own_done_mark_and_how_many_readers_are_done()
    {
        var reader = world.Researcher;
        reader.Http.DefaultRequestHeaders.Authorization = null;
        var (_, before) = await reader.GetPageAsync($"/Transcripts/{world.T2}");
        Assert.Equal("Mark done", before.QuerySelector(".done-bar #done-button")!.TextContent.Trim());
        Assert.Contains("1 reader done", before.QuerySelector(".done-bar")!.TextContent, StringComparison.Ordinal);

        var form = before.QuerySelector(".done-bar form")!;
        var posted = await reader.PostFormAsync($"/Transcripts/{world.T2}", form.GetAttribute("action")!.Replace("&amp;", "&", StringComparison.Ordinal),
            new Dictionary<string, string> { ["returnUrl"] = $"/Transcripts/{world.T2}" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var (_, after) = await reader.GetPageAsync($"/Transcripts/{world.T2}");
        Assert.Equal("Undo done", after.QuerySelector(".done-bar #done-button")!.TextContent.Trim());
        Assert.Contains("You marked your reading done", after.QuerySelector(".done-bar")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("2 readers done", after.QuerySelector(".done-bar")!.TextContent, StringComparison.Ordinal);
        var (_, anonymous) = await app.NewClient().GetPageAsync($"/Transcripts/{world.T2}");
        Assert.Null(anonymous.QuerySelector(".done-bar form"));
    }

    private static string DoneCount(AngleSharp.Html.Dom.IHtmlDocument doc, string title) =>
        doc.QuerySelectorAll("table.transcript-table tbody tr").Single(r => r.QuerySelector("td a")!.TextContent == title)
            .QuerySelector(".done-count")!.TextContent.Trim();
}
