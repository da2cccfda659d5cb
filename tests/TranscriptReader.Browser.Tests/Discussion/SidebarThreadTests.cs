using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TranscriptReader.Browser.Tests.Reading;
using TranscriptReader.Core.Discussion;

namespace TranscriptReader.Browser.Tests.Discussion;

/// <summary>
/// Threads in the transcript page's sidebar: a tag's thread opens beside the text with its comments, reply box and
/// votes; replies appear in place; permalinks (#tag-, #comment-, #discussion) open the page with the thread open;
/// a comment another reader posts shows up in the open thread. With TR_SCREENSHOTS set, the open thread is saved
/// there at desktop and phone width.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SidebarThreadTests(BrowserApp app)
{
    private static async Task ShotAsync(IPage page, string name, int width)
    {
        var folder = Environment.GetEnvironmentVariable("TR_SCREENSHOTS");
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{width}.png") });
        }
    }

    private async Task<long> CommentAsync(string authorId, string body, long? taggingId, long? transcriptId = null, long? parentId = null)
    {
        await using var db = app.CreateDbContext();
        var comment = new Comment { AuthorId = authorId, Body = body, TaggingId = taggingId, TranscriptId = transcriptId, ParentId = parentId };
        db.Comments.Add(comment);
        await db.SaveChangesAsync();
        return comment.Id;
    }

    private static async Task MarkNotReloadedAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("#live-bar .live-state")).ToHaveTextAsync("live");
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");
    }

    private static Task<bool> NotReloadedAsync(IPage page) => page.EvaluateAsync<bool>("() => window.__notReloaded === true");

    [Fact]
    public async Task A_tags_thread_opens_in_the_sidebar_takes_a_reply_in_place_and_votes_on_the_tag()
    {
        var room = new ReadingRoom(app);
        await room.SeedAsync("Sidebar thread");
        var label = await room.LabelAsync("sidebar guarding", "#e69f00");
        var other = await room.ReaderAsync("Thread Other");
        var tagging = await room.TagAsync(other, label, "keep my goal guarding strategy hidden");
        await CommentAsync(other, "Is this *really* guarding?", tagging);
        await using var session = await app.NewSessionAsync();
        await session.RegisterAsync("thread-reader@example.org", "Thread Reader");
        var page = session.Page;
        await page.GotoAsync(room.Url);
        await MarkNotReloadedAsync(page);

        await page.Locator($"#tag-list a[href='#tag-{tagging}']").ClickAsync();
        var thread = page.Locator("#side-thread");
        await Assertions.Expect(thread).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#tag-list")).ToBeHiddenAsync();
        await Assertions.Expect(thread.Locator(".comment-body em")).ToHaveTextAsync("really");
        await Assertions.Expect(thread.Locator(".side-thread-quote")).ToHaveTextAsync("keep my goal guarding strategy hidden");
        Assert.EndsWith($"#tag-{tagging}", page.Url, StringComparison.Ordinal);
        var mark = page.Locator($"mark.hl[data-t~='{tagging}']").First;
        await Assertions.Expect(mark).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("hl-target"));
        await Assertions.Expect(mark).ToBeInViewportAsync();

        await thread.Locator("#new-comment textarea").FillAsync("It hides the **strategy** itself.");
        await thread.Locator("#new-comment button[type=submit]").ClickAsync();
        await Assertions.Expect(thread.Locator(".comment-body strong")).ToHaveTextAsync("strategy");
        await Assertions.Expect(thread.Locator(".comment-target .comment-author")).ToHaveTextAsync("Thread Reader");
        await Assertions.Expect(thread.Locator("#new-comment textarea")).ToHaveValueAsync("");
        await Assertions.Expect(mark).ToBeInViewportAsync();

        // A reply to the first comment, through its own (folded) reply form.
        await thread.Locator(".comment-action > summary", new LocatorLocatorOptions { HasText = "Reply" }).First.ClickAsync();
        await thread.Locator(".comment-action[open] textarea").FillAsync("A reply in place.");
        await thread.Locator(".comment-action[open] button[type=submit]").ClickAsync();
        await Assertions.Expect(thread.Locator(".replies .comment-body")).ToHaveTextAsync("A reply in place.");

        var agree = thread.Locator(".side-thread-tag button", new LocatorLocatorOptions { HasText = "Agree" });
        await agree.ClickAsync();
        await Assertions.Expect(agree).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(thread.Locator(".side-thread-counts")).ToContainTextAsync("1 agree · 0 dispute");
        await Assertions.Expect(page.Locator($"#tag-list .tag-item[data-ids='{tagging}'] .tag-votes")).ToHaveTextAsync("1 agree · 0 dispute");
        await using (var db = app.CreateDbContext())
        {
            Assert.Equal(3, await db.Comments.CountAsync(c => c.TaggingId == tagging));
            Assert.Equal(1, await db.Votes.CountAsync(v => v.TaggingId == tagging && v.Value == 1));
        }
        Assert.True(await NotReloadedAsync(page));

        await thread.Locator(".side-thread-back").ClickAsync();
        await Assertions.Expect(page.Locator("#tag-list")).ToBeVisibleAsync();
        Assert.DoesNotContain("#", page.Url, StringComparison.Ordinal);
        Assert.Empty(session.CspViolations);
        Assert.Empty(session.ServerErrors);
    }

    [Fact]
    public async Task Permalinks_open_the_thread_the_discussion_tab_takes_comments_and_a_new_comment_arrives_live()
    {
        var room = new ReadingRoom(app);
        await room.SeedAsync("Thread permalinks");
        var label = await room.LabelAsync("permalink label", "#0077bb");
        var other = await room.ReaderAsync("Permalink Other");
        var tagging = await room.TagAsync(other, label, "used for training");
        var first = await CommentAsync(other, "First on the tag.", tagging);
        var onTranscript = await CommentAsync(other, "About the transcript as a whole.", null, room.TranscriptId);
        await using var session = await app.NewSessionAsync();
        await session.RegisterAsync("permalinks@example.org", "Permalink Reader");
        var page = session.Page;
        var thread = page.Locator("#side-thread");

        await page.GotoAsync($"{room.Url}#tag-{tagging}");
        await Assertions.Expect(thread.Locator($"#comment-{first} .comment-body")).ToHaveTextAsync("First on the tag.");
        await Assertions.Expect(page.Locator($"mark.hl[data-t~='{tagging}']").First).ToBeInViewportAsync();

        await page.GotoAsync($"{room.Url}#comment-{first}");
        await page.ReloadAsync();
        await Assertions.Expect(thread.Locator($"#comment-{first}")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("comment-target"));
        await Assertions.Expect(page.Locator("#side-tab-tags")).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(page.Locator($"mark.hl[data-t~='{tagging}']").First).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("hl-target"));

        await page.GotoAsync($"{room.Url}#comment-{onTranscript}");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#side-tab-discussion")).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(thread.Locator($"#comment-{onTranscript}")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("comment-target"));

        // The tab: from the list, and the header's "Discussion (1)" link opens it too.
        await page.GotoAsync(room.Url);
        await MarkNotReloadedAsync(page);
        await Assertions.Expect(page.Locator("#side-tab-discussion")).ToHaveTextAsync("Discussion (1)");
        await page.Locator("#side-tab-discussion").ClickAsync();
        Assert.EndsWith("#discussion", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(thread.Locator($"#comment-{onTranscript} .comment-body")).ToHaveTextAsync("About the transcript as a whole.");
        await thread.Locator("#new-comment textarea").FillAsync("A second word on the whole transcript.");
        await thread.Locator("#new-comment button[type=submit]").ClickAsync();
        await Assertions.Expect(thread.Locator(".comment-body", new LocatorLocatorOptions { HasText = "A second word" })).ToBeVisibleAsync();
        await using (var db = app.CreateDbContext())
        {
            Assert.Equal(2, await db.Comments.CountAsync(c => c.TranscriptId == room.TranscriptId));
        }

        // Another reader comments on the open thread: it shows up without a reload.
        await page.Locator("#side-tab-tags").ClickAsync();
        await page.Locator($"#tag-list a[href='#tag-{tagging}']").ClickAsync();
        await Assertions.Expect(thread.Locator($"#comment-{first}")).ToBeVisibleAsync();
        var live = await CommentAsync(other, "Arrived while you read.", tagging, parentId: first);
        await Assertions.Expect(thread.Locator($"#comment-{live} .comment-body")).ToHaveTextAsync("Arrived while you read.", new() { Timeout = 15000 });
        Assert.True(await NotReloadedAsync(page));
        await Assertions.Expect(page.Locator("#side-thread")).ToBeVisibleAsync();
        Assert.Empty(session.CspViolations);
        Assert.Empty(session.ServerErrors);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task An_open_thread_keeps_its_passage_in_view_at_desktop_and_phone_width(int width)
    {
        var room = new ReadingRoom(app);
        await room.SeedAsync($"Thread screens {width}");
        var label = await room.LabelAsync($"thread screens {width}", "#cc3311");
        var other = await room.ReaderAsync($"Thread Screens Other {width}");
        var tagging = await room.TagAsync(other, label, "If I refuse, training would modify my values");
        var root = await CommentAsync(other, "This is the *core* of the alignment-faking argument: it complies to avoid modification.", tagging);
        await CommentAsync(other, "> training would modify my values\n\nSee also the output block.", tagging, parentId: root);
        await using var session = await app.NewSessionAsync(width, 844);
        await session.RegisterAsync($"thread-screens{width}@example.org", $"Thread Screens {width}");
        var page = session.Page;
        await page.GotoAsync(room.Url);
        if (width < 960)
        {
            await page.Locator(".jump-tags").ClickAsync();
        }
        await page.Locator($"#tag-list a[href='#tag-{tagging}']").ClickAsync();
        var thread = page.Locator("#side-thread");
        // The first thread this app serves can take a while on a loaded machine.
        await Assertions.Expect(thread.Locator($"#comment-{root}")).ToBeVisibleAsync(new() { Timeout = 20000 });
        await page.WaitForTimeoutAsync(300);
        await ShotAsync(page, "sidebar-thread", width);

        var mark = await page.Locator($"mark.hl[data-t~='{tagging}']").First.BoundingBoxAsync();
        var card = await page.Locator("#tag-list-card").BoundingBoxAsync();
        Assert.NotNull(mark);
        Assert.NotNull(card);
        Assert.True(mark.Y >= 0 && mark.Y + mark.Height <= 844, $"the passage is at {mark.Y}");
        if (width < 960)
        {
            // The bottom sheet covers the lower part of the screen, not the passage.
            Assert.True(mark.Y + mark.Height <= card.Y, $"the passage ({mark.Y}) is under the sheet ({card.Y})");
        }
        Assert.True(await thread.Locator("#new-comment textarea").IsVisibleAsync() || width < 960);
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"));
        await page.Locator(".side-thread-back").ClickAsync();
        await Assertions.Expect(page.Locator("#tag-list")).ToBeVisibleAsync();
        Assert.Empty(session.CspViolations);
        Assert.Empty(session.ServerErrors);
    }
}
