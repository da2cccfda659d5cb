using Microsoft.Playwright;

namespace TranscriptReader.Browser.Tests.Reading;

/// <summary>Issue 13, defect 3: selecting inside an existing highlight, or exactly over it, opens the tag popover.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SelectOverHighlightTests(BrowserApp app)
{
    private const string Tagged = "goal guarding strategy hidden";

    [Fact]
    public async Task A_drag_inside_one_highlight_and_one_over_its_exact_span_both_open_the_tag_popover()
    {
        var room = new ReadingRoom(app);
        await room.SeedAsync("Over highlights");
        var label = await room.LabelAsync("existing highlight", "#66ccee");
        var other = await room.ReaderAsync("Highlight Owner");
        var existing = await room.TagAsync(other, label, Tagged);
        await using var session = await app.NewSessionAsync();
        await session.RegisterAsync("over-highlights@example.org", "Over Highlights");
        var page = session.Page;
        await page.GotoAsync(room.Url);

        await ReaderDriver.DragAsync(page, room.ScratchpadId, "guarding strategy");
        await ReadingRoom.WaitForPopoverInputAsync(page);
        await Assertions.Expect(page.Locator("#tr-popover .pop-quote")).ToHaveTextAsync("“guarding strategy”");
        await page.Keyboard.PressAsync("Escape");
        await page.Mouse.ClickAsync(5, 5);

        await ReaderDriver.DragAsync(page, room.ScratchpadId, Tagged);
        await ReadingRoom.WaitForPopoverInputAsync(page);
        await Assertions.Expect(page.Locator("#tr-popover .pop-quote")).ToHaveTextAsync($"“{Tagged}”");
        await page.Keyboard.TypeAsync("second label on the span");
        await page.Keyboard.PressAsync("Enter");

        var row = await room.WaitForTaggingAsync(t => t.Id != existing);
        var start = ReadingRoom.Scratchpad.IndexOf(Tagged, StringComparison.Ordinal);
        Assert.Equal((start, start + Tagged.Length, "second label on the span"), (row.Start, row.End, row.AppliedLabelName));
        Assert.Empty(session.ServerErrors);
    }
}
