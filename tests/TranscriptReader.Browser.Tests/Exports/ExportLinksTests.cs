using Microsoft.Playwright;

namespace TranscriptReader.Browser.Tests.Exports;

/// <summary>The Export page's download links follow the form as it changes; the pivot's needs a key first.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExportLinksTests(BrowserApp app)
{
    [Fact]
    public async Task The_pivot_download_is_disabled_until_a_key_is_typed_and_links_follow_unsubmitted_filters()
    {
        await using var session = await app.NewSessionAsync();
        await session.RegisterAsync("export-links@example.org", "Export Links");
        var page = session.Page;
        await page.GotoAsync("/Export");

        var pivot = page.Locator("a[data-export-file='pivot.csv']");
        var counts = page.Locator("a[data-export-file='label-counts.csv']");
        await Assertions.Expect(pivot).ToHaveAttributeAsync("aria-disabled", "true");
        Assert.Null(await pivot.GetAttributeAsync("href"));
        await Assertions.Expect(page.Locator(".export-link-why")).ToBeVisibleAsync();

        // Nothing submitted: the links change as the fields do.
        await page.FillAsync("input[name=key]", "is_free_tier_user");
        await Assertions.Expect(pivot).ToHaveAttributeAsync("href", "/api/v1/exports/pivot.csv?key=is_free_tier_user");
        Assert.Null(await pivot.GetAttributeAsync("aria-disabled"));
        await Assertions.Expect(page.Locator(".export-link-why")).ToBeHiddenAsync();

        await page.SelectOptionAsync("select[name=status]", "accepted");
        await page.SelectOptionAsync("select[name=denominator]", "with_key");
        await Assertions.Expect(counts).ToHaveAttributeAsync("href", "/api/v1/exports/label-counts.csv?status=accepted&key=is_free_tier_user&denominator=with_key");
        await Assertions.Expect(pivot).ToHaveAttributeAsync("href", "/api/v1/exports/pivot.csv?status=accepted&key=is_free_tier_user&denominator=with_key");

        await page.FillAsync("input[name=key]", "");
        await Assertions.Expect(pivot).ToHaveAttributeAsync("aria-disabled", "true");
        Assert.Null(await pivot.GetAttributeAsync("href"));
        await Assertions.Expect(counts).ToHaveAttributeAsync("href", "/api/v1/exports/label-counts.csv?status=accepted&denominator=with_key");
        Assert.Empty(session.CspViolations);
        Assert.Empty(session.ServerErrors);
    }
}
