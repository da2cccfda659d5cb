using Microsoft.Playwright;

namespace TranscriptReader.Browser.Tests.Reading;

/// <summary>
/// Issue 13, phone width: the on-screen keyboard must not hide the label list under the text box, and the
/// popover's hint must not speak only of keys. Headless Chromium has no on-screen keyboard; opening one shrinks
/// the visual viewport, which is what shrinking the viewport does here.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneLabelBoxTests(BrowserApp app)
{
    [Fact]
    public async Task At_390_px_the_label_list_stays_in_view_above_the_keyboard_and_the_hint_speaks_of_tapping()
    {
        var room = new ReadingRoom(app);
        await room.SeedAsync("Phone label box");
        await room.LabelAsync("goal guarding (phone)", "#e69f00");
        await room.LabelAsync("sycophancy (phone)", "#56b4e9");
        await using var session = await app.NewSessionAsync(390, 844);
        await session.RegisterAsync("phone-label-box@example.org", "Phone Label Box");
        var page = session.Page;
        await page.GotoAsync(room.Url);
        // The passage at the bottom of the screen, where the keyboard will come up.
        await page.EvaluateAsync("(id) => document.getElementById('block-' + id).scrollIntoView({ block: 'end' })", room.OutputId);
        await page.WaitForTimeoutAsync(200);

        await ReaderDriver.DragAsync(page, room.OutputId, "essay you asked for");
        await ReadingRoom.WaitForPopoverInputAsync(page);
        await Assertions.Expect(page.Locator("#tr-popover .hint-touch")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#tr-popover .hint-keys")).ToBeHiddenAsync();

        // The keyboard opens: only the top 400 px of the screen remain.
        await page.SetViewportSizeAsync(390, 400);
        await page.WaitForTimeoutAsync(200);
        var boxes = await page.EvaluateAsync<double[]>("""
            () => {
              const vv = window.visualViewport;
              const input = document.getElementById("pop-input").getBoundingClientRect();
              const option = document.querySelector("#pop-list .pop-option").getBoundingClientRect();
              return [vv.height, input.top, input.bottom, option.top, option.bottom];
            }
            """);
        var (height, inputTop, inputBottom, optionTop, optionBottom) = (boxes[0], boxes[1], boxes[2], boxes[3], boxes[4]);
        Assert.True(inputTop >= 0 && inputBottom <= height, $"the text box is at {inputTop}–{inputBottom} of {height} px");
        Assert.True(optionTop >= 0 && optionBottom <= height, $"the first label is at {optionTop}–{optionBottom} of {height} px");

        // Typing still filters, and the list can be tapped.
        await page.Keyboard.TypeAsync("syco");
        await page.Locator("#pop-list .pop-option", new() { HasText = "sycophancy (phone)" }).ClickAsync();
        var row = await room.WaitForTaggingAsync(_ => true);
        Assert.Equal("sycophancy (phone)", row.AppliedLabelName);
        Assert.Empty(session.ServerErrors);
    }
}
