using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Browser.Tests.Reading;

/// <summary>
/// The pages changed by issue 13's small items, at desktop and phone width: nothing overflows sideways, and with
/// TR_SCREENSHOTS set each is saved as a PNG to look at (export, help, audit, an Inspect sample, the phone popover).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RoomScreenshotTests(BrowserApp app)
{
    private const string Password = "correct horse battery";

    private static async Task ShotAsync(IPage page, string name, int width)
    {
        var wide = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(wide, $"{name} overflows sideways at {width} px");
        var folder = Environment.GetEnvironmentVariable("TR_SCREENSHOTS");
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"room-{name}-{width}.png"), FullPage = name != "popover" });
        }
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task Changed_pages_fit_at_desktop_and_phone_width(int width)
    {
        var email = $"room-shots-{width}@example.org";
        await app.WithScopeAsync(async sp =>
            (await sp.GetRequiredService<AccountService>().CreateAsync(email, $"Room Admin {width}", Password, Roles.Admin)).Item1);
        var room = new ReadingRoom(app);
        await room.SeedAsync($"Room screens {width}");
        var label = await room.LabelAsync($"goal guarding ({width})", "#e69f00");
        var merged = await room.LabelAsync($"goal-guarding ({width})", "#56b4e9");
        var reader = await room.ReaderAsync($"room reader {width}");
        await room.TagAsync(reader, merged, "keep my goal guarding strategy hidden");
        var evalId = $"room-eval-{width}-{Guid.NewGuid():N}";
        var samples = new List<long>();
        await using (var db = app.CreateDbContext())
        {
            for (var i = 1; i <= 3; i++)
            {
                var t = new Transcript
                {
                    Title = $"security-guide — sample {i}, epoch 1", Source = "log.json", Format = "inspect", ContentHash = Guid.NewGuid().ToString("N"),
                    MetadataJson = $$"""{"task": "security-guide", "eval_id": "{{evalId}}", "sample_id": {{i}}, "epoch": 1}""",
                };
                db.Transcripts.Add(t);
                await db.SaveChangesAsync();
                db.Messages.Add(new Message
                {
                    TranscriptId = t.Id, Ordinal = 0, Role = MessageRoles.Assistant,
                    Blocks = [new Block { TranscriptId = t.Id, Ordinal = 0, Kind = BlockKinds.Text, Text = string.Join(" ", Enumerable.Repeat("A long answer that should wrap at a readable line length.", 12)) }],
                });
                await db.SaveChangesAsync();
                samples.Add(t.Id);
            }
        }

        await using var session = await app.NewSessionAsync(width);
        var page = session.Page;
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("input[name='Data.Email']", email);
        await page.FillAsync("input[name='Data.Password']", Password);
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        await page.GotoAsync($"/Labels/Merge?sources={merged}&target={label}");
        await page.ClickAsync("button:has-text('Merge now')");
        await page.WaitForURLAsync($"**/Labels/{label}");

        await page.GotoAsync("/Export?export=pivot&key=is_free_tier_user");
        await Assertions.Expect(page.Locator(".pivot-coverage")).ToBeVisibleAsync();
        await ShotAsync(page, "export", width);
        await page.GotoAsync("/Help/Exports");
        await ShotAsync(page, "help", width);
        await page.GotoAsync("/Audit");
        await Assertions.Expect(page.Locator(".audit-sentence").First).ToContainTextAsync("merged");
        await ShotAsync(page, "audit", width);
        // The pages issue 18 gave keyset paging and kept counts.
        await page.GotoAsync("/Transcripts?q=goal");
        await ShotAsync(page, "list", width);
        await page.GotoAsync($"/Labels/{label}");
        await ShotAsync(page, "label", width);
        await page.GotoAsync("/Discussion");
        await ShotAsync(page, "discussion", width);
        await page.GotoAsync($"/Transcripts/{samples[1]}");
        await Assertions.Expect(page.Locator(".sample-position")).ToContainTextAsync("Sample 2 of 3");
        await ShotAsync(page, "sample", width);
        await page.GotoAsync(room.Url);
        await ShotAsync(page, "transcript", width);
        await ReaderDriver.DragAsync(page, room.OutputId, "essay you asked for");
        await ReadingRoom.WaitForPopoverInputAsync(page);
        await ShotAsync(page, "popover", width);
        Assert.Empty(session.ServerErrors);
    }
}
