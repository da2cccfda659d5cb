using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TranscriptReader.Core.Accounts;
using static TranscriptReader.Browser.Tests.Live.LivePages;

namespace TranscriptReader.Browser.Tests.Live;

/// <summary>The comment box completes @names from the keyboard, and the posted mention reaches that reader's inbox.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MentionTests(BrowserApp app)
{
    [Fact]
    public async Task Typing_at_and_a_prefix_lists_readers_and_the_picked_name_is_a_mention_in_their_inbox()
    {
        var (transcriptId, _) = await SeedAsync(app, "Mentions");
        await using var alma = await app.NewSessionAsync();
        await alma.RegisterAsync("alma@example.org", "Alma Quist");
        var decoy = await app.WithScopeAsync(async s =>
            (await s.GetRequiredService<AccountService>().CreateAsync("almond@example.org", "Almond Decoy", "correct horse battery", Roles.Member)).User!.Id);
        await using var bob = await app.NewSessionAsync();
        await bob.RegisterAsync("mention-bob@example.org", "Mention Bob");

        await bob.Page.GotoAsync($"/Transcripts/{transcriptId}/Discussion");
        var box = bob.Page.Locator("#new-comment textarea");
        var options = bob.Page.Locator("#mention-list li");
        await box.PressSequentiallyAsync("Thanks @alm");
        await Assertions.Expect(options).ToHaveTextAsync(["Alma Quist", "Almond Decoy"]);
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-expanded", "true");

        await box.PressAsync("ArrowDown");
        await Assertions.Expect(options.Nth(1)).ToHaveAttributeAsync("aria-selected", "true");
        await box.PressAsync("Escape");
        await Assertions.Expect(bob.Page.Locator("#mention-list")).ToBeHiddenAsync();

        // Typing on narrows the list again; Tab takes the highlighted name and ends the mention with a space.
        await box.PressSequentiallyAsync("a");
        await Assertions.Expect(options).ToHaveTextAsync(["Alma Quist"]);
        await box.PressAsync("Tab");
        await Assertions.Expect(box).ToHaveValueAsync("Thanks @Alma Quist ");
        await Assertions.Expect(bob.Page.Locator("#mention-list")).ToBeHiddenAsync();
        await box.PressSequentiallyAsync("for this.");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).ClickAsync();
        await Assertions.Expect(bob.Page.Locator(".comment-body").Last).ToContainTextAsync("Thanks @Alma Quist for this.");

        await alma.Page.GotoAsync("/Inbox");
        await Assertions.Expect(alma.Page.Locator(".inbox-item a").First).ToHaveTextAsync("Mention Bob mentioned you");
        await using var db = app.CreateDbContext();
        Assert.Equal(0, await db.InboxItems.CountAsync(i => i.UserId == decoy));
        Assert.Empty(bob.CspViolations);
        Assert.Empty(bob.ServerErrors);
    }

    [Fact]
    public async Task A_box_at_the_bottom_of_the_screen_opens_the_name_list_above_it_in_view()
    {
        var (transcriptId, _) = await SeedAsync(app, "Mentions at the bottom");
        await using var beatrix = await app.NewSessionAsync();
        await beatrix.RegisterAsync("bea-low@example.org", "Beatrix Low");
        // Phone size: the reply box of the sidebar's bottom sheet sits at the foot of the screen like this one.
        await using var bob = await app.NewSessionAsync(390, 700);
        await bob.RegisterAsync("mention-low-bob@example.org", "Low Bob");

        await bob.Page.GotoAsync($"/Transcripts/{transcriptId}/Discussion");
        var box = bob.Page.Locator("#new-comment textarea");
        await box.EvaluateAsync("el => { document.body.style.paddingTop = '2000px'; el.scrollIntoView({ block: 'end' }); }");
        await box.PressSequentiallyAsync("Thanks @beat");
        await Assertions.Expect(bob.Page.Locator("#mention-list li")).ToHaveTextAsync(["Beatrix Low"]);

        var list = (await bob.Page.Locator("#mention-list").BoundingBoxAsync())!;
        var field = (await box.BoundingBoxAsync())!;
        Assert.True(list.Y >= 0 && list.Y + list.Height <= 700, $"list at {list.Y}–{list.Y + list.Height} of a 700 px screen");
        Assert.True(list.Y + list.Height <= field.Y + 1, $"list ends at {list.Y + list.Height}, box starts at {field.Y}");
        Assert.Empty(bob.CspViolations);
    }
}
