using System.Net;
using System.Text.Json;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Exports.ExportTestSupport;

namespace TranscriptReader.Web.Tests.Exports;

[Collection(WebCollection.Name)]
public sealed class ExportApiTests(AppFactory app) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await using var db = app.CreateDbContext();
        await ExportSeed.CreateAsync(db);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
    }

    [Theory]
    [InlineData("/api/v1/exports/taggings.csv")]
    [InlineData("/api/v1/exports/label-counts.csv")]
    [InlineData("/api/v1/exports/annotations.jsonl")]
    [InlineData("/api/v1/exports/annotations.jsonld")]
    public async Task Anonymous_downloads_are_refused_with_401(string url)
    {
        var response = await app.NewClient().Http.GetAsync(url);
        await ProblemDetailAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_filters_are_400_problems_that_name_the_bad_value()
    {
        var client = await SignedInClientAsync(app);
        Assert.Contains("'no such label'", await ProblemDetailAsync(
            await client.Http.GetAsync("/api/v1/exports/label-counts.csv?label=goal%20guarding&label=no%20such%20label"), HttpStatusCode.BadRequest));
        Assert.Contains("'2026-13-45'", await ProblemDetailAsync(
            await client.Http.GetAsync("/api/v1/exports/taggings.csv?from=2026-13-45"), HttpStatusCode.BadRequest));
        Assert.Contains("'thinking'", await ProblemDetailAsync(
            await client.Http.GetAsync("/api/v1/exports/taggings.csv?block_kind=thinking"), HttpStatusCode.BadRequest));
        Assert.Contains("'nobody'", await ProblemDetailAsync(
            await client.Http.GetAsync("/api/v1/exports/annotations.jsonl?reader=nobody"), HttpStatusCode.BadRequest));
        Assert.Contains("status", await ProblemDetailAsync(
            await client.Http.GetAsync("/api/v1/exports/taggings.csv?status=great"), HttpStatusCode.BadRequest));
        Assert.Contains("key", await ProblemDetailAsync(
            await client.Http.GetAsync("/api/v1/exports/pivot.csv"), HttpStatusCode.BadRequest));
        Assert.Contains("'votes'", await ProblemDetailAsync(
            await client.Http.GetAsync("/api/v1/exports/votes.csv"), HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task A_personal_access_token_downloads_and_the_old_label_name_selects_the_merge_target()
    {
        var owner = await SignedInClientAsync(app);
        var page = await owner.PostFormAsync("/Account/Manage", "/Account/Manage?handler=CreateToken",
            new Dictionary<string, string> { ["tokenName"] = "notebook" });
        var html = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());
        var api = app.NewClient();
        api.UseBearer(html.QuerySelector("input.token-secret")!.GetAttribute("value")!);

        var csv = await GetCsvAsync(api, "/api/v1/exports/label-transcripts.csv?label=Goal-guarding");
        Assert.All(csv.Rows, r => Assert.Equal("goal guarding", r["label"]));
        Assert.Equal(3, csv.Rows.Count);
    }

    [Fact]
    public async Task Export_page_previews_the_first_rows_and_links_downloads_with_the_same_filters()
    {
        var client = await SignedInClientAsync(app);
        var (response, doc) = await client.GetPageAsync("/Export?export=pivot&key=is_free_tier_user&block_kind=reasoning");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var headers = doc.QuerySelectorAll("table.export-preview th").Select(th => th.TextContent).ToList();
        Assert.Equal(ExportFormatTests.PivotHeader, headers);
        Assert.Equal(6, doc.QuerySelectorAll("table.export-preview tbody tr").Length);
        var link = doc.QuerySelectorAll("a[href^='/api/v1/exports/pivot.csv']").Single().GetAttribute("href");
        Assert.Equal("/api/v1/exports/pivot.csv?block_kind=reasoning&key=is_free_tier_user", link);

        // A bad filter answers the page's 400, as the API does for the same filter.
        var (bad, badDoc) = await client.GetPageAsync("/Export?export=taggings&to=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'yesterday'", badDoc.QuerySelector(".errors")!.TextContent);
        Assert.Null(badDoc.QuerySelector("table.export-preview"));
    }
}
