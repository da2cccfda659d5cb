using Microsoft.Playwright;

namespace TranscriptReader.Browser.Tests.Reading;

/// <summary>Issue 13, defect 4: the filters narrow the highlights and the tag list alike and live in the address.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FilterTests(BrowserApp app)
{
    private const string BackgroundJs = "el => getComputedStyle(el).backgroundColor";
    private const string None = "rgba(0, 0, 0, 0)";

    [Fact]
    public async Task Label_and_only_mine_filters_apply_to_highlights_and_list_and_survive_a_reload()
    {
        var room = new ReadingRoom(app);
        await room.SeedAsync("Filters everywhere");
        var red = await room.LabelAsync("filter red", "#cc3311");
        var blue = await room.LabelAsync("filter blue", "#0077bb");
        await using var session = await app.NewSessionAsync();
        await session.RegisterAsync("filters@example.org", "Filter Reader");
        var me = await ReadingRoom.UserIdAsync(app, "Filter Reader");
        var other = await room.ReaderAsync("Filter Other");
        var mineRed = await room.TagAsync(me, red, "free tier");
        var theirBlue = await room.TagAsync(other, blue, "modify my values");
        var page = session.Page;
        await page.GotoAsync(room.Url);
        var items = page.Locator("#tag-list .tag-item");
        await Assertions.Expect(items.Locator("visible=true")).ToHaveCountAsync(2);

        await page.Locator("#filter-label").SelectOptionAsync(new SelectOptionValue { Label = "filter red" });
        Assert.Contains($"label={red}", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(items.Locator("visible=true")).ToHaveCountAsync(1);
        Assert.Equal(None, await page.Locator($"mark.hl[data-t~='{theirBlue}']").EvaluateAsync<string>(BackgroundJs));
        Assert.NotEqual(None, await page.Locator($"mark.hl[data-t~='{mineRed}']").EvaluateAsync<string>(BackgroundJs));

        await page.ReloadAsync();
        Assert.Equal(red.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#filter-label").InputValueAsync());
        await Assertions.Expect(items.Locator("visible=true")).ToHaveCountAsync(1);
        Assert.Equal(None, await page.Locator($"mark.hl[data-t~='{theirBlue}']").EvaluateAsync<string>(BackgroundJs));

        // "Only my tags" narrows the list too, not just the highlights.
        await page.Locator("#filter-label").SelectOptionAsync(new SelectOptionValue { Value = "" });
        await page.CheckAsync("#toggle-mine");
        Assert.Contains("mine=1", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(items.Locator("visible=true")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"#tag-list .tag-item[data-ids='{mineRed}']")).ToBeVisibleAsync();
        Assert.Equal(None, await page.Locator($"mark.hl[data-t~='{theirBlue}']").EvaluateAsync<string>(BackgroundJs));
        await page.ReloadAsync();
        Assert.True(await page.IsCheckedAsync("#toggle-mine"));
        await Assertions.Expect(items.Locator("visible=true")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task J_and_k_move_between_tags_and_folding_hides_a_message()
    {
        var room = new ReadingRoom(app);
        await room.SeedAsync("Keys between tags");
        var label = await room.LabelAsync("nav label", "#009e73");
        var reader = await room.ReaderAsync("Nav Reader");
        var first = await room.TagAsync(reader, label, "free tier");
        var second = await room.TagAsync(reader, label, "essay", room.OutputId);
        await using var session = await app.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync(room.Url);

        await page.Keyboard.PressAsync("j");
        Assert.EndsWith($"#tag-{first}", page.Url, StringComparison.Ordinal);
        await page.Keyboard.PressAsync("j");
        Assert.EndsWith($"#tag-{second}", page.Url, StringComparison.Ordinal);
        await page.Keyboard.PressAsync("k");
        Assert.EndsWith($"#tag-{first}", page.Url, StringComparison.Ordinal);
        await page.Locator(".tag-nav button", new PageLocatorOptions { HasText = "Next" }).ClickAsync();
        Assert.EndsWith($"#tag-{second}", page.Url, StringComparison.Ordinal);

        await page.Locator("button", new PageLocatorOptions { HasText = "Collapse all" }).ClickAsync();
        await Assertions.Expect(page.Locator($".block-text[data-block-id='{room.ScratchpadId}']")).ToBeHiddenAsync();
        await page.Locator("button", new PageLocatorOptions { HasText = "Expand all" }).ClickAsync();
        await Assertions.Expect(page.Locator($".block-text[data-block-id='{room.ScratchpadId}']")).ToBeVisibleAsync();
    }
}
