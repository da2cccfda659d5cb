using System.Net;
using System.Text.Json;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Exports.ExportTestSupport;

namespace TranscriptReader.Web.Tests.Exports;

/// <summary>The pivot's <c>denominator</c> option: every transcript, or only those that have the key.</summary>
[Collection(WebCollection.Name)]
public sealed class PivotDenominatorTests(AppFactory app) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await using var db = app.CreateDbContext();
        await ExportSeed.CreateAsync(db);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Text(AngleSharp.Dom.IElement? e) => System.Text.RegularExpressions.Regex.Replace(e?.TextContent ?? "", @"\s+", " ").Trim();

    [Fact]
    public async Task With_key_leaves_out_the_transcripts_that_lack_the_key_and_keeps_the_other_groups()
    {
        var client = await SignedInClientAsync(app);
        var all = await GetCsvAsync(client, "/api/v1/exports/pivot.csv?key=is_free_tier_user");
        var withKey = await GetCsvAsync(client, "/api/v1/exports/pivot.csv?key=is_free_tier_user&denominator=with_key");

        Assert.Contains(all.Rows, r => r["value"] == "");
        Assert.DoesNotContain(withKey.Rows, r => r["value"] == "");
        Assert.Equal(all.Header, withKey.Header);
        Assert.Equal(all.Rows.Where(r => r["value"] != "").Select(r => string.Join(",", r.Values)),
            withKey.Rows.Select(r => string.Join(",", r.Values)));
        var explicitAll = await GetCsvAsync(client, "/api/v1/exports/pivot.csv?key=is_free_tier_user&denominator=all");
        Assert.Equal(all.Raw, explicitAll.Raw);
    }

    [Fact]
    public async Task An_unknown_denominator_is_a_400_naming_it()
    {
        var client = await SignedInClientAsync(app);
        var response = await client.Http.GetAsync("/api/v1/exports/pivot.csv?key=model&denominator=some");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Contains("'some'", detail);
        Assert.Contains("with_key", detail);
    }

    [Fact]
    public async Task The_export_page_says_how_many_transcripts_lack_the_key_and_keeps_the_option_in_the_download_link()
    {
        var client = await SignedInClientAsync(app);
        var (_, page) = await client.GetPageAsync("/Export?export=pivot&key=is_free_tier_user");
        Assert.Equal("1 of 6 transcripts lack “is_free_tier_user”. They form the group with an empty value; choose “Only transcripts that have the key” as the denominator to leave them out.",
            Text(page.QuerySelector(".pivot-coverage")));

        (_, page) = await client.GetPageAsync("/Export?export=pivot&key=is_free_tier_user&denominator=with_key");
        Assert.Equal("/api/v1/exports/pivot.csv?key=is_free_tier_user&denominator=with_key",
            page.QuerySelector("a[data-export-file='pivot.csv']")!.GetAttribute("href"));
        Assert.Contains("They are left out", Text(page.QuerySelector(".pivot-coverage")));
        Assert.DoesNotContain(page.QuerySelectorAll("table.export-preview tbody tr"), tr => tr.QuerySelectorAll("td")[1].TextContent == "");
    }

    [Fact]
    public async Task Without_a_key_the_pivot_link_has_no_address_and_says_why()
    {
        var client = await SignedInClientAsync(app);
        var (_, page) = await client.GetPageAsync("/Export?status=accepted");
        var pivot = page.QuerySelector("a[data-export-file='pivot.csv']")!;
        Assert.Equal(("true", null), (pivot.GetAttribute("aria-disabled"), pivot.GetAttribute("href")));
        Assert.False(page.QuerySelector(".export-link-why")!.HasAttribute("hidden"));
        Assert.Equal("/api/v1/exports/label-counts.csv?status=accepted", page.QuerySelector("a[data-export-file='label-counts.csv']")!.GetAttribute("href"));
    }
}
