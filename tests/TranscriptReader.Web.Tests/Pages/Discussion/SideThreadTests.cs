using System.Globalization;
using System.Net;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Discussion;

/// <summary>
/// The thread fragment of the transcript page's sidebar (<c>/Transcripts/{id}/Thread</c>): the same thread, the same
/// authorization and the same forms as the thread pages, fetched on demand and never part of the cached page.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SideThreadTests(AppFactory app) : IAsyncLifetime
{
    private TestClient mod = null!;
    private TestClient ada = null!;
    private TestClient bob = null!;
    private ThreadKey tagging;
    private long transcriptId;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        mod = app.NewClient();
        await mod.RegisterAsync("mod@example.org", "Mod");
        ada = app.NewClient();
        await ada.RegisterAsync("ada@example.org", "Ada");
        bob = app.NewClient();
        await bob.RegisterAsync("bob@example.org", "Bob");
        var adaId = await DiscussionData.UserIdAsync(app.CreateDbContext, "ada@example.org");
        var (tid, taggingId) = await DiscussionData.SeedAsync(app.CreateDbContext, adaId);
        transcriptId = tid;
        tagging = ThreadKey.ForTagging(taggingId);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string Fragment(string query = "") => $"/Transcripts/{transcriptId}/Thread{query}";

    [Fact]
    public async Task A_hidden_comment_reaches_only_its_author_and_moderators_as_on_the_thread_page()
    {
        var id = DiscussionData.CommentIdFrom(await DiscussionData.PostCommentAsync(ada, tagging, "borderline remark"));
        var hide = await DiscussionData.ActionAsync(mod, tagging.PagePath, "Hide", new Dictionary<string, string>
        {
            ["Data.CommentId"] = id.ToString(CultureInfo.InvariantCulture),
            ["Data.Reason"] = "off topic",
        });
        Assert.Equal(HttpStatusCode.Redirect, hide.StatusCode);

        foreach (var query in new[] { $"?tagging={tagging.TaggingId}", $"?comment={id}" })
        {
            var (modAnswer, asMod) = await mod.GetPageAsync(Fragment(query));
            var (_, asAuthor) = await ada.GetPageAsync(Fragment(query));
            var (_, asOther) = await bob.GetPageAsync(Fragment(query));
            var (_, asAnonymous) = await app.NewClient().GetPageAsync(Fragment(query));
            Assert.Equal(HttpStatusCode.OK, modAnswer.StatusCode);
            Assert.Contains("no-store", modAnswer.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            Assert.Contains("borderline remark", asMod.GetElementById($"comment-{id}")!.TextContent);
            Assert.NotNull(asMod.QuerySelector($"form[action*='handler=Unhide'] input[name='Data.CommentId'][value='{id}']"));
            Assert.Contains("borderline remark", asAuthor.GetElementById($"comment-{id}")!.TextContent);
            Assert.Contains("off topic", asAuthor.GetElementById($"comment-{id}")!.TextContent);
            Assert.Null(asAuthor.QuerySelector("form[action*='handler=Unhide']"));
            foreach (var doc in new[] { asOther, asAnonymous })
            {
                Assert.DoesNotContain("borderline remark", doc.DocumentElement.OuterHtml);
                Assert.DoesNotContain("off topic", doc.DocumentElement.OuterHtml);
                Assert.Contains("[hidden by a moderator]", doc.GetElementById($"comment-{id}")!.TextContent);
                Assert.Null(doc.QuerySelector("form[action*='handler=Hide'], form[action*='handler=Unhide']"));
            }
            Assert.Equal("tagging", asMod.QuerySelector(".side-thread-body")!.GetAttribute("data-kind"));
        }
    }

    [Fact]
    public async Task Unknown_threads_and_threads_of_another_transcript_are_404()
    {
        var bobId = await DiscussionData.UserIdAsync(app.CreateDbContext, "bob@example.org");
        var (otherTranscript, otherTagging) = await DiscussionData.SeedAsync(app.CreateDbContext, bobId, "another transcript");
        var elsewhere = DiscussionData.CommentIdFrom(await DiscussionData.PostCommentAsync(bob, ThreadKey.ForTagging(otherTagging), "elsewhere"));

        Assert.Equal(HttpStatusCode.OK, (await ada.Http.GetAsync(Fragment())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.Http.GetAsync($"/Transcripts/{otherTranscript}/Thread?comment={elsewhere}")).StatusCode);
        foreach (var url in new[]
        {
            $"/Transcripts/{otherTranscript + 1000}/Thread",
            Fragment("?tagging=999999"),
            Fragment("?comment=999999"),
            Fragment($"?tagging={otherTagging}"),
            Fragment($"?comment={elsewhere}"),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await ada.Http.GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task Its_forms_come_back_to_the_fragment_and_the_cached_page_holds_no_thread()
    {
        var (_, doc) = await bob.GetPageAsync(Fragment($"?tagging={tagging.TaggingId}"));
        var returnPath = doc.QuerySelector("#new-comment input[name='Data.ReturnPath']")!.GetAttribute("value");
        Assert.Equal(Fragment($"?tagging={tagging.TaggingId}"), returnPath);
        Assert.NotNull(doc.QuerySelector("#new-comment input[name='__RequestVerificationToken']"));

        var posted = await ada.PostFormAsync(Fragment($"?tagging={tagging.TaggingId}"), "/Comments/Write", new Dictionary<string, string>
        {
            ["Data.TaggingId"] = tagging.TaggingId!.Value.ToString(CultureInfo.InvariantCulture),
            ["Data.Body"] = "posted from the sidebar",
            ["Data.ReturnPath"] = returnPath!,
        });
        var id = DiscussionData.CommentIdFrom(posted);
        Assert.Equal($"{returnPath}#comment-{id}", posted.Headers.Location!.OriginalString);

        var (_, page) = await bob.GetPageAsync($"/Transcripts/{transcriptId}");
        Assert.DoesNotContain("posted from the sidebar", page.DocumentElement.OuterHtml);
        Assert.Null(page.GetElementById($"comment-{id}"));
        var (_, anonymous) = await app.NewClient().GetPageAsync(Fragment($"?tagging={tagging.TaggingId}"));
        var login = anonymous.QuerySelector("a[href^='/Account/Login']")!.GetAttribute("href")!;
        Assert.Contains(Uri.EscapeDataString($"/Transcripts/{transcriptId}#tag-{tagging.TaggingId}"), login, StringComparison.Ordinal);
    }
}
