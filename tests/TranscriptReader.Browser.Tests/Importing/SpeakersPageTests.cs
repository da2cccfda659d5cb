using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Browser.Tests.Importing;

/// <summary>The speakers page in Chromium: the importer swaps two speakers' roles, at desktop and phone width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SpeakersPageTests(BrowserApp app)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task The_importer_swaps_two_speakers_roles(int width)
    {
        await using var session = await app.NewSessionAsync(width);
        var email = $"speakers{width}@example.org";
        await session.RegisterAsync(email, $"Speakers {width}");
        long id;
        await using (var db = app.CreateDbContext())
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            var transcript = new Transcript
            {
                Title = $"Panel interview {width}", Source = "panel.txt", Format = "plain-text", ContentHash = Guid.NewGuid().ToString("N"), ImportedById = user.Id,
            };
            db.Transcripts.Add(transcript);
            await db.SaveChangesAsync();
            id = transcript.Id;
            var turns = new[]
            {
                (MessageRoles.User, "A", "Welcome. Could you tell our listeners what your group works on, in a few sentences?"),
                (MessageRoles.Assistant, "C", "We study whether language models reason about their training when they answer."),
                (MessageRoles.User, "A", "What was the most surprising result?"),
                (MessageRoles.Assistant, "C", "That the reasoning changed when the model believed it was being watched."),
            };
            for (var i = 0; i < turns.Length; i++)
            {
                var (role, speaker, text) = turns[i];
                db.Messages.Add(new Message
                {
                    TranscriptId = id, Ordinal = i, Role = role, Speaker = speaker,
                    Blocks = [new Block { TranscriptId = id, Kind = BlockKinds.Text, Text = text }],
                });
            }
            await db.SaveChangesAsync();
        }
        var page = session.Page;
        await page.GotoAsync($"/Transcripts/{id}/Speakers");
        Assert.False(await ImportPageTests.OverflowsAsync(page), "the speakers page overflows sideways");
        await ImportPageTests.ScreenshotAsync(page, $"speakers-{width}");

        await page.SelectOptionAsync("#role-0", MessageRoles.Assistant);
        await page.SelectOptionAsync("#role-1", MessageRoles.User);
        await page.ClickAsync(".speakers-page form button[type=submit]");

        await Assertions.Expect(page.Locator(".flash, [role=status]").First).ToContainTextAsync("4 messages changed");
        await ImportPageTests.ScreenshotAsync(page, $"speakers-saved-{width}");
        await using var check = app.CreateDbContext();
        Assert.Equal([MessageRoles.Assistant, MessageRoles.User, MessageRoles.Assistant, MessageRoles.User],
            await check.Messages.Where(m => m.TranscriptId == id).OrderBy(m => m.Ordinal).Select(m => m.Role).ToListAsync());
        Assert.Empty(session.ServerErrors);
    }
}
