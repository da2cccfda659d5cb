using Microsoft.Playwright;

namespace TranscriptReader.Browser.Tests.Reading;

/// <summary>Issue 13, defect 1: typing into the label box filters or creates; it never applies a shortcut.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LabelShortcutTests(BrowserApp app)
{
    [Fact]
    public async Task Typing_a_name_that_starts_with_shortcut_letters_creates_that_label()
    {
        var room = new ReadingRoom(app);
        await room.SeedAsync("Typed names");
        await room.LabelAsync("doubts about setup (typed)", "#0072b2", 'd');
        await room.LabelAsync("goal guarding (typed)", "#e69f00", 'g');
        await room.LabelAsync("sandbagging (typed)", "#009e73", 's');
        await using var session = await app.NewSessionAsync();
        await session.RegisterAsync("typed-names@example.org", "Typed Names");
        var page = session.Page;
        await page.GotoAsync(room.Url);

        await ReaderDriver.DragAsync(page, room.ScratchpadId, "keep my goal guarding strategy hidden");
        await ReadingRoom.WaitForPopoverInputAsync(page);
        await Assertions.Expect(page.Locator("#tr-popover .pop-hint")).ToContainTextAsync("Alt+key while typing");
        await page.Keyboard.TypeAsync("deceptive compliance");
        await Assertions.Expect(page.Locator("#pop-input")).ToHaveValueAsync("deceptive compliance");
        await Assertions.Expect(page.Locator(".pop-option[aria-selected=true]")).ToHaveTextAsync("Create label “deceptive compliance”");
        await page.Keyboard.PressAsync("Enter");

        var row = await room.WaitForTaggingAsync(_ => true);
        Assert.Equal("deceptive compliance", row.AppliedLabelName);
        Assert.Empty(session.ServerErrors);
    }

    [Fact]
    public async Task A_shortcut_applies_from_the_option_list_without_a_modifier()
    {
        var room = new ReadingRoom(app);
        await room.SeedAsync("List shortcuts");
        var goal = await room.LabelAsync("goal guarding (list)", "#e69f00", 'h');
        await using var session = await app.NewSessionAsync();
        await session.RegisterAsync("list-shortcuts@example.org", "List Shortcuts");
        var page = session.Page;
        await page.GotoAsync(room.Url);

        await ReaderDriver.DragAsync(page, room.ScratchpadId, "modify my values");
        await ReadingRoom.WaitForPopoverInputAsync(page);
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#pop-list")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("h");

        var row = await room.WaitForTaggingAsync(_ => true);
        Assert.Equal(goal, row.LabelId);
    }
}
