using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Browser.Tests;

/// <summary>The side-by-side page in a real browser: rows aligned by position, scrolling together and apart.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CompareTests(BrowserApp app)
{
    private async Task<long> SeedAsync(string title, int messages, int words)
    {
        await using var db = app.CreateDbContext();
        var transcript = new Transcript { Title = title, Source = title + ".txt", Format = "text", ContentHash = Guid.NewGuid().ToString("N") };
        db.Transcripts.Add(transcript);
        await db.SaveChangesAsync();
        for (var i = 0; i < messages; i++)
        {
            var text = string.Join(' ', Enumerable.Repeat(i == 0 ? "Write an essay." : "reasoning", i == 0 ? 1 : words));
            db.Messages.Add(new Message
            {
                TranscriptId = transcript.Id, Ordinal = i, Role = i % 2 == 0 ? MessageRoles.User : MessageRoles.Assistant,
                Blocks = [new Block { TranscriptId = transcript.Id, Ordinal = 0, Kind = BlockKinds.Text, Text = text }],
            });
        }
        await db.SaveChangesAsync();
        return transcript.Id;
    }

    private const string TopsJs = """
        () => [...document.querySelectorAll(".compare-pane")].map(p => [p.scrollTop, ...[...p.querySelectorAll(".compare-row")].map(r => r.getBoundingClientRect().top - p.getBoundingClientRect().top + p.scrollTop)])
        """;

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task Rows_line_up_and_the_columns_scroll_together_until_the_toggle_is_off(int width)
    {
        var a = await SeedAsync($"short answers {width}", 8, 40);
        var b = await SeedAsync($"long answers {width}", 8, 160);
        await using var session = await app.NewSessionAsync(width, 800);
        var page = session.Page;
        await page.GotoAsync($"/Transcripts/Compare?a={a}&b={b}");

        // Message i starts at the same offset in both columns, though b's messages are four times longer.
        var tops = await page.EvaluateAsync<double[][]>(TopsJs);
        Assert.Equal(tops[0].Skip(1), tops[1].Skip(1));

        await page.EvalOnSelectorAsync(".compare-pane", "p => p.scrollTop = 300");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.compare-pane')[1].scrollTop > 0");
        tops = await page.EvaluateAsync<double[][]>(TopsJs);
        Assert.Equal(tops[0][0], tops[1][0]);

        await page.UncheckAsync("#compare-sync");
        await page.EvalOnSelectorAsync(".compare-pane", "p => p.scrollTop = 900");
        await page.WaitForTimeoutAsync(300);
        tops = await page.EvaluateAsync<double[][]>(TopsJs);
        Assert.Equal(900, tops[0][0]);
        Assert.Equal(300, tops[1][0]);

        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"));
        Assert.Empty(session.ServerErrors);
        Assert.Empty(session.CspViolations);
    }

    [Fact]
    public async Task A_reader_tags_a_passage_in_the_second_column_and_sees_it_after_a_reload_with_scrolling_still_together()
    {
        var a = await SeedAsync("tagging side a", 8, 160);
        var b = await SeedAsync("tagging side b", 8, 160);
        long blockId;
        await using (var db = app.CreateDbContext())
        {
            blockId = await db.Blocks.Where(x => x.TranscriptId == b && x.Message!.Ordinal == 1).Select(x => x.Id).SingleAsync();
        }
        await using var session = await app.NewSessionAsync();
        await session.RegisterAsync("compare-tagger@example.org", "Compare Tagger");
        var page = session.Page;
        await page.GotoAsync($"/Transcripts/Compare?a={a}&b={b}");

        await ReaderDriver.DragAsync(page, blockId, "reasoning reasoning");
        var input = page.Locator("#pop-input");
        await input.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        await page.Keyboard.TypeAsync("side by side label");
        await Assertions.Expect(page.Locator(".pop-option[aria-selected=true]")).ToHaveTextAsync("Create label “side by side label”");
        await page.Keyboard.PressAsync("Enter");

        Core.Taggings.Tagging? row = null;
        for (var i = 0; i < 100 && row is null; i++)
        {
            await using var db = app.CreateDbContext();
            row = await db.Taggings.SingleOrDefaultAsync(t => t.TranscriptId == b && t.AppliedLabelName == "side by side label");
            if (row is null)
            {
                await Task.Delay(100);
            }
        }
        Assert.NotNull(row);
        Assert.Equal((blockId, 0, "reasoning reasoning".Length), (row.BlockId, row.Start, row.End));

        // The page reloads itself to the new tag's permalink (as on the transcript page); then once more by hand.
        await page.Locator($"#tag-{row.Id}").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        Assert.EndsWith($"/Transcripts/Compare?a={a}&b={b}#tag-{row.Id}", page.Url, StringComparison.Ordinal);
        await page.ReloadAsync();
        var mark = page.Locator($".compare-pane >> nth=1 >> mark.hl[data-t~='{row.Id}']");
        await Assertions.Expect(mark.First).ToBeVisibleAsync();
        Assert.Equal("reasoning reasoning", await page.EvaluateAsync<string>(ReaderDriver.HighlightTextJs, row.Id));
        Assert.Equal(0, await page.Locator($".compare-pane >> nth=0 >> mark.hl[data-t~='{row.Id}']").CountAsync());
        // Its popover works as on the transcript page: the reader's own tag, with its label.
        await mark.First.ClickAsync();
        await Assertions.Expect(page.Locator("#tr-popover .pop-detail")).ToContainTextAsync("side by side label");
        await Assertions.Expect(page.Locator("#tr-popover .pop-own")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");

        await page.EvalOnSelectorAsync(".compare-pane", "p => p.scrollTop = 250");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.compare-pane')[1].scrollTop === 250");
        await page.UncheckAsync("#compare-sync");
        await page.EvalOnSelectorAsync(".compare-pane", "p => p.scrollTop = 600");
        await page.WaitForTimeoutAsync(300);
        Assert.Equal(250, await page.EvaluateAsync<double>("() => document.querySelectorAll('.compare-pane')[1].scrollTop"));
        Assert.Empty(session.ServerErrors);
        Assert.Empty(session.CspViolations);
    }
}
