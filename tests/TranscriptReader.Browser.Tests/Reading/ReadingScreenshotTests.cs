using Microsoft.Playwright;

namespace TranscriptReader.Browser.Tests.Reading;

/// <summary>
/// The transcript page at desktop and phone width, with tags, the popover and the toast: nothing overflows
/// sideways, the phone header is one row. With TR_SCREENSHOTS set, each state is saved there to look at.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadingScreenshotTests(BrowserApp app)
{
    private static async Task ShotAsync(IPage page, string name, int width)
    {
        var folder = Environment.GetEnvironmentVariable("TR_SCREENSHOTS");
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = false });
        }
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task The_reading_page_fits_and_the_phone_header_is_one_row(int width)
    {
        var room = new ReadingRoom(app);
        await room.SeedAsync($"Screens {width}");
        var a = await room.LabelAsync($"goal guarding {width}", "#e69f00", width == 390 ? 'x' : 'y');
        var b = await room.LabelAsync($"training awareness {width}", "#0077bb");
        var other = await room.ReaderAsync($"Screens Other {width}");
        await room.TagAsync(other, a, "keep my goal guarding strategy hidden");
        await room.TagAsync(other, b, "goal guarding");
        await room.TagAsync(other, b, "used for training");
        await using var session = await app.NewSessionAsync(width, 844);
        await session.RegisterAsync($"screens{width}@example.org", $"Screens {width}");
        var page = session.Page;
        await page.GotoAsync(room.Url);
        await ShotAsync(page, "reader", width);

        var header = await page.Locator("header.site-header").BoundingBoxAsync();
        Assert.NotNull(header);
        Assert.True(header.Height < 70, $"header is {header.Height}px high");
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"));
        if (width < 640)
        {
            await page.Locator(".nav-toggle").ClickAsync();
            await Assertions.Expect(page.Locator("#site-menu")).ToBeVisibleAsync();
            await ShotAsync(page, "reader-menu", width);
            await page.Locator(".nav-toggle").ClickAsync();
        }

        await ReaderDriver.DragAsync(page, room.ScratchpadId, "modify my values");
        await ReadingRoom.WaitForPopoverInputAsync(page);
        await ShotAsync(page, "reader-popover", width);
        await page.Keyboard.TypeAsync($"new label {width}");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".toast")).ToBeVisibleAsync();
        await ShotAsync(page, "reader-toast", width);
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"));
        Assert.Empty(session.CspViolations);
        Assert.Empty(session.ServerErrors);
    }
}
