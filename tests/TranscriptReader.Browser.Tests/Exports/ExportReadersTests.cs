using Microsoft.Playwright;

namespace TranscriptReader.Browser.Tests.Exports;

/// <summary>
/// The Export page's reader filter: no list of every reader, a box whose datalist offers matching names as they are
/// typed, and the chosen readers shown checked after a preview, with the box free for another.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ExportReadersTests(BrowserApp app)
{
    [Fact]
    public async Task Typed_readers_are_suggested_and_chosen_ones_stay_checked_for_the_next_preview()
    {
        await using (var other = await app.NewSessionAsync())
        {
            await other.RegisterAsync("quillon-reader@example.org", "Quillon Reader");
        }
        await using (var other = await app.NewSessionAsync())
        {
            await other.RegisterAsync("quillon-second@example.org", "Quillon Second");
        }
        await using var session = await app.NewSessionAsync();
        await session.RegisterAsync("export-readers@example.org", "Export Readers");
        var page = session.Page;
        await page.GotoAsync("/Export");
        Assert.Equal(0, await page.Locator("select[name=reader]").CountAsync());

        await page.FillAsync("#export-reader", "quillon r");
        var options = page.Locator("#export-reader-names option");
        await Assertions.Expect(options).ToHaveCountAsync(1);
        Assert.Equal("Quillon Reader", await options.First.GetAttributeAsync("value"));
        await page.FillAsync("#export-reader", "quil");
        await Assertions.Expect(options).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("a[data-export-file='label-counts.csv']"))
            .ToHaveAttributeAsync("href", "/api/v1/exports/label-counts.csv?reader=quil");
        Assert.Equal(0, await page.Locator(".export-readers input[type=checkbox]").CountAsync());

        await page.FillAsync("#export-reader", "Quillon Reader");
        await page.ClickAsync("button:has-text('Preview')");
        var chosen = page.Locator(".export-readers input[type=checkbox][name=reader]");
        await Assertions.Expect(chosen).ToHaveCountAsync(1);
        await Assertions.Expect(chosen).ToBeCheckedAsync();
        Assert.Equal("Quillon Reader", await chosen.GetAttributeAsync("value"));
        Assert.Equal("", await page.InputValueAsync("#export-reader"));
        // A chosen reader is not offered again.
        await page.FillAsync("#export-reader", "Quill");
        await Assertions.Expect(options).ToHaveCountAsync(1);
        Assert.Equal("Quillon Second", await options.First.GetAttributeAsync("value"));
        Assert.Empty(session.CspViolations);
        Assert.Empty(session.ServerErrors);
    }
}
