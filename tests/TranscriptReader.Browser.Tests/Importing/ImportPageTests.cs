using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace TranscriptReader.Browser.Tests.Importing;

/// <summary>
/// The import page in Chromium: a file no format fits gets a suggested field mapping that imports it in one
/// click, progress is shown per transcript, and Cancel stops a large import keeping what was stored whole.
/// Screenshots go to artifacts/screenshots for a person to look at.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportPageTests(BrowserApp app)
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "recipes", name);

    internal static async Task ScreenshotAsync(IPage page, string name)
    {
        var dir = Path.Combine(RepoRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TranscriptReader.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? AppContext.BaseDirectory;
    }

    internal static Task<bool> OverflowsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");

    private async Task<int> StoredFromAsync(string source)
    {
        await using var db = app.CreateDbContext();
        return await db.Transcripts.CountAsync(t => t.Source == source);
    }

    [Theory]
    [InlineData("conditions.jsonl", 4)]
    [InlineData("question-responses.jsonl", 0)]
    [InlineData("dialog.jsonl", 2)]
    public async Task A_suggested_mapping_imports_a_file_no_format_fits_in_one_click(string fixture, int expected)
    {
        await using var session = await app.NewSessionAsync();
        await session.RegisterAsync($"oneclick-{fixture}@example.org", $"One click {fixture}");
        var page = session.Page;
        await page.GotoAsync("/Transcripts/Import");
        await page.SetInputFilesAsync("input[name=files]", Fixture(fixture));

        // Detection fails (no format fits), so the page asks for a suggestion and shows it with its preview.
        await page.ClickAsync("#import-form button[type=submit]");
        await page.Locator("#recipe-panel .preview-transcript").First.WaitForAsync();
        Assert.InRange(await page.Locator("#recipe-panel .preview-transcript").CountAsync(), 1, 3);
        Assert.True(await page.Locator(".structure-table tbody tr").CountAsync() > 0);

        await page.ClickAsync("[data-recipe=import]");
        await Assertions.Expect(page.Locator("#import-progress h2")).ToHaveTextAsync("Done", new() { Timeout = 60_000 });

        var stored = await StoredFromAsync(fixture);
        Assert.True(expected == 0 ? stored > 0 : stored == expected, $"{stored} transcripts stored from {fixture}");
        Assert.Equal(stored, await page.Locator("#import-progress .import-titles a").CountAsync());
        Assert.Empty(session.ServerErrors);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task The_import_page_with_a_mapping_and_its_progress_fits_the_screen(int width)
    {
        await using var session = await app.NewSessionAsync(width);
        await session.RegisterAsync($"layout{width}@example.org", $"Layout {width}");
        var page = session.Page;
        await page.GotoAsync("/Transcripts/Import");
        await page.SetInputFilesAsync("input[name=files]", Fixture("instances.json"));
        await Assertions.Expect(page.Locator("#map-fields")).ToBeVisibleAsync();
        await page.ClickAsync("#map-fields");
        await page.Locator("#recipe-panel .preview-transcript").First.WaitForAsync();
        Assert.False(await OverflowsAsync(page), "the mapping panel overflows sideways");
        await ScreenshotAsync(page, $"import-mapping-{width}");

        await page.ClickAsync("[data-recipe=import]");
        await Assertions.Expect(page.Locator("#import-progress h2")).ToHaveTextAsync("Done", new() { Timeout = 60_000 });
        Assert.False(await OverflowsAsync(page), "the progress table overflows sideways");
        await ScreenshotAsync(page, $"import-done-{width}");
        Assert.Empty(session.ServerErrors);
    }

    [Fact]
    public async Task Cancel_stops_a_large_import_and_keeps_what_was_stored_whole()
    {
        const int records = 3000;
        var file = Path.Combine(Path.GetTempPath(), $"cancel-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(file, string.Join("\n", Enumerable.Range(1, records).Select(i =>
            $$"""{"messages": [{"role": "user", "content": "Cancel test {{i}}: what is {{i}} squared?"}, {"role": "assistant", "content": "{{i * i}}"}]}""")), Encoding.UTF8);
        try
        {
            await using var session = await app.NewSessionAsync(390);
            await session.RegisterAsync("canceller@example.org", "Canceller");
            var page = session.Page;
            await page.GotoAsync("/Transcripts/Import");
            await page.SetInputFilesAsync("input[name=files]", file);
            await page.ClickAsync("#import-form button[type=submit]");

            // Progress is per transcript within the one file.
            await Assertions.Expect(page.Locator(".import-count")).ToContainTextAsync($"of {records:N0}", new() { Timeout = 60_000 });
            await ScreenshotAsync(page, "import-progress-390");
            await page.ClickAsync("#import-cancel");
            await Assertions.Expect(page.Locator("#import-progress h2")).ToHaveTextAsync("Cancelled");

            var source = Path.GetFileName(file);
            var stored = await SettledAsync(source);
            Assert.InRange(stored, 1, records - 1);
            await using var db = app.CreateDbContext();
            Assert.All(await db.Transcripts.Where(t => t.Source == source).Select(t => t.Messages.Count).ToListAsync(), n => Assert.Equal(2, n));
            Assert.Empty(session.ServerErrors);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<int> SettledAsync(string source)
    {
        var last = -1;
        for (var i = 0; i < 60; i++)
        {
            await Task.Delay(500);
            var now = await StoredFromAsync(source);
            if (now == last)
            {
                return now;
            }
            last = now;
        }
        throw new TimeoutException("The import went on after Cancel.");
    }
}
