using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Discussion;

[Collection(WebCollection.Name)]
public sealed class ThreadPageTests(AppFactory app) : IAsyncLifetime
{
    private TestClient mod = null!;
    private TestClient ada = null!;
    private TestClient bob = null!;
    private string adaId = "";
    private string bobId = "";
    private ThreadKey tagging;
    private long transcriptId;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        // The first account of an instance is admin, which includes moderation.
        mod = app.NewClient();
        await mod.RegisterAsync("mod@example.org", "Mod");
        ada = app.NewClient();
        await ada.RegisterAsync("ada@example.org", "Ada");
        bob = app.NewClient();
        await bob.RegisterAsync("bob@example.org", "Bob");
        adaId = await DiscussionData.UserIdAsync(app.CreateDbContext, "ada@example.org");
        bobId = await DiscussionData.UserIdAsync(app.CreateDbContext, "bob@example.org");
        var (tid, taggingId) = await DiscussionData.SeedAsync(app.CreateDbContext, adaId);
        transcriptId = tid;
        tagging = ThreadKey.ForTagging(taggingId);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<T> WithWriter<T>(Func<CommentWriter, Task<T>> action) =>
        app.WithScopeAsync(sp => action(sp.GetRequiredService<CommentWriter>()));

    private static IElement Comment(IHtmlDocument doc, long id) =>
        doc.GetElementById($"comment-{id}") ?? throw new Xunit.Sdk.XunitException($"comment-{id} is not on the page");

    [Fact]
    public async Task A_new_comment_redirects_to_its_own_anchor_on_the_thread_page()
    {
        var response = await DiscussionData.PostCommentAsync(ada, tagging, "Is this *really* goal guarding?");

        var id = DiscussionData.CommentIdFrom(response);
        Assert.Equal($"/Taggings/{tagging.TaggingId}#comment-{id}", response.Headers.Location!.OriginalString);
        var (page, doc) = await bob.GetPageAsync(tagging.PagePath);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("really", Comment(doc, id).QuerySelector(".comment-body em")!.TextContent);
        Assert.NotNull(Comment(doc, id).QuerySelector($"a.comment-permalink[href='/Comments/{id}']"));
    }

    [Fact]
    public async Task The_tagging_page_shows_the_quote_label_tagger_and_a_link_back_to_the_passage()
    {
        var (_, doc) = await app.NewClient().GetPageAsync(tagging.PagePath);

        Assert.Equal(DiscussionData.Passage, doc.QuerySelector("blockquote.tagging-quote")!.TextContent);
        Assert.Contains("goal guarding", doc.QuerySelector("h1")!.TextContent);
        Assert.Contains("Ada", doc.QuerySelector(".tagging-context")!.TextContent);
        Assert.NotNull(doc.QuerySelector($"a[href='/Transcripts/{transcriptId}#tag-{tagging.TaggingId}']"));
    }

    [Fact]
    public async Task Replies_to_a_deleted_comment_stay_nested_under_it()
    {
        var parent = DiscussionData.CommentIdFrom(await DiscussionData.PostCommentAsync(ada, tagging, "parent words"));
        var reply = DiscussionData.CommentIdFrom(await DiscussionData.PostCommentAsync(bob, tagging, "a reply", parent));

        var delete = await DiscussionData.ActionAsync(ada, tagging.PagePath, "Delete",
            new Dictionary<string, string> { ["Data.CommentId"] = parent.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        var late = DiscussionData.CommentIdFrom(await DiscussionData.PostCommentAsync(bob, tagging, "a later reply", parent));

        var (_, doc) = await bob.GetPageAsync(tagging.PagePath);
        var deleted = Comment(doc, parent);
        Assert.Equal("[deleted]", deleted.QuerySelector(".comment-body")!.TextContent.Trim());
        Assert.DoesNotContain("parent words", doc.Body!.TextContent);
        var nested = deleted.ParentElement!.QuerySelectorAll(":scope > ol.replies > li > article").Select(a => a.Id).ToList();
        Assert.Equal([$"comment-{reply}", $"comment-{late}"], nested);
        Assert.Contains("a reply", Comment(doc, reply).TextContent);
    }

    [Fact]
    public async Task Permalink_to_a_depth_12_reply_opens_the_thread_at_it_with_the_flattening_marker()
    {
        long? parent = null;
        var ids = new List<long>();
        for (var depth = 1; depth <= 12; depth++)
        {
            var author = depth % 2 == 1 ? adaId : bobId;
            var result = await WithWriter(s => s.PostAsync(tagging, parent, author, $"level {depth} says something"));
            ids.Add(result.Value.Id);
            parent = result.Value.Id;
        }
        var deepest = ids[^1];

        var redirect = await app.NewClient().Http.GetAsync($"/Comments/{deepest}");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal($"/Taggings/{tagging.TaggingId}#comment-{deepest}", redirect.Headers.Location!.OriginalString);

        var (_, doc) = await app.NewClient().GetPageAsync($"/Taggings/{tagging.TaggingId}");
        var comment = Comment(doc, deepest);
        Assert.Equal("12", comment.GetAttribute("data-depth"));
        Assert.Contains("level 12 says something", comment.TextContent);
        var marker = comment.QuerySelector("a.replying-to")!;
        Assert.Equal("replying to @Ada", marker.TextContent.Trim());
        Assert.Equal($"#comment-{ids[10]}", marker.GetAttribute("href"));
        // Indentation stops at depth 6: everything deeper sits in one flat list under the depth-6 comment.
        var flatList = Comment(doc, ids[5]).ParentElement!.QuerySelector(":scope > ol.replies-flat")!;
        Assert.Equal(ids.Skip(6).Select(i => $"comment-{i}"), flatList.QuerySelectorAll(":scope > li > article").Select(a => a.Id));
        Assert.Empty(doc.QuerySelectorAll("ol.replies-flat ol"));
        Assert.Null(Comment(doc, ids[4]).QuerySelector("a.replying-to"));
    }

    [Fact]
    public async Task Permalink_to_an_unknown_comment_is_404()
    {
        var response = await app.NewClient().Http.GetAsync("/Comments/987654");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_locked_thread_shows_its_comments_but_no_reply_form_and_refuses_new_ones()
    {
        var existing = DiscussionData.CommentIdFrom(await DiscussionData.PostCommentAsync(ada, tagging, "said before the lock"));
        var lockResponse = await DiscussionData.ActionAsync(mod, tagging.PagePath, "Lock",
            new Dictionary<string, string> { ["Data.TaggingId"] = tagging.TaggingId!.Value.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, lockResponse.StatusCode);

        var (_, doc) = await bob.GetPageAsync(tagging.PagePath);
        Assert.Contains("said before the lock", Comment(doc, existing).TextContent);
        Assert.NotNull(doc.QuerySelector(".thread-locked"));
        Assert.Null(doc.GetElementById("new-comment"));
        Assert.Empty(doc.QuerySelectorAll("textarea"));

        var refused = await DiscussionData.PostCommentAsync(bob, tagging, "sneaking in", existing);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var refusal = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());
        Assert.Contains("locked", refusal.QuerySelector(".errors")!.TextContent);
        Assert.Equal("sneaking in", refusal.QuerySelector("textarea")!.TextContent);
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Comments.CountAsync());
        Assert.Equal("thread.lock", (await db.AuditEntries.SingleAsync()).Action);
    }

    [Fact]
    public async Task Edited_comment_is_marked_and_previous_versions_are_shown_to_moderators_only()
    {
        var id = DiscussionData.CommentIdFrom(await DiscussionData.PostCommentAsync(ada, tagging, "first draft"));
        var edit = await ada.PostFormAsync(tagging.PagePath, "/Comments/Write?handler=Edit", new Dictionary<string, string>
        {
            ["Data.CommentId"] = id.ToString(CultureInfo.InvariantCulture),
            ["Data.Body"] = "second thoughts",
            ["Data.ReturnPath"] = tagging.PagePath,
        });
        Assert.Equal($"{tagging.PagePath}#comment-{id}", edit.Headers.Location!.OriginalString);
        var stolen = await bob.PostFormAsync(tagging.PagePath, "/Comments/Write?handler=Edit", new Dictionary<string, string>
        {
            ["Data.CommentId"] = id.ToString(CultureInfo.InvariantCulture),
            ["Data.Body"] = "bob was here",
        });
        Assert.Equal(HttpStatusCode.Forbidden, stolen.StatusCode);

        var (_, asMod) = await mod.GetPageAsync(tagging.PagePath);
        var (_, asAuthor) = await ada.GetPageAsync(tagging.PagePath);
        var (_, asOther) = await bob.GetPageAsync(tagging.PagePath);
        foreach (var doc in new[] { asMod, asAuthor, asOther })
        {
            Assert.Contains("second thoughts", Comment(doc, id).QuerySelector(".comment-body")!.TextContent);
            Assert.NotNull(Comment(doc, id).QuerySelector(".comment-edited"));
        }
        Assert.Equal("first draft", Comment(asMod, id).QuerySelector(".comment-revisions pre")!.TextContent);
        Assert.DoesNotContain("first draft", asAuthor.DocumentElement.OuterHtml);
        Assert.DoesNotContain("first draft", asOther.DocumentElement.OuterHtml);
    }

    [Fact]
    public async Task A_hidden_comment_is_shown_to_its_author_and_moderators_only_and_hiding_is_audited()
    {
        var id = DiscussionData.CommentIdFrom(await DiscussionData.PostCommentAsync(ada, tagging, "borderline remark"));
        var reply = DiscussionData.CommentIdFrom(await DiscussionData.PostCommentAsync(bob, tagging, "a calm reply", id));
        var hide = await DiscussionData.ActionAsync(mod, tagging.PagePath, "Hide", new Dictionary<string, string>
        {
            ["Data.CommentId"] = id.ToString(CultureInfo.InvariantCulture),
            ["Data.Reason"] = "off topic",
        });
        Assert.Equal(HttpStatusCode.Redirect, hide.StatusCode);

        var (_, asMod) = await mod.GetPageAsync(tagging.PagePath);
        var (_, asAuthor) = await ada.GetPageAsync(tagging.PagePath);
        var (_, asOther) = await bob.GetPageAsync(tagging.PagePath);
        var (_, asAnonymous) = await app.NewClient().GetPageAsync(tagging.PagePath);
        Assert.Contains("borderline remark", Comment(asMod, id).TextContent);
        Assert.Contains("borderline remark", Comment(asAuthor, id).TextContent);
        Assert.Contains("off topic", Comment(asAuthor, id).QuerySelector(".comment-hidden-reason")!.TextContent);
        foreach (var doc in new[] { asOther, asAnonymous })
        {
            Assert.DoesNotContain("borderline remark", doc.DocumentElement.OuterHtml);
            Assert.DoesNotContain("off topic", doc.DocumentElement.OuterHtml);
            Assert.Contains("[hidden by a moderator]", Comment(doc, id).TextContent);
            Assert.Contains("a calm reply", Comment(doc, reply).TextContent);
        }
        await using var db = app.CreateDbContext();
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal(("comment.hide", id.ToString(CultureInfo.InvariantCulture)), (entry.Action, entry.TargetId));
        Assert.Contains("off topic", entry.DetailsJson);
    }

    [Fact]
    public async Task A_member_cannot_hide_or_lock()
    {
        var id = DiscussionData.CommentIdFrom(await DiscussionData.PostCommentAsync(ada, tagging, "fine words"));
        var hide = await DiscussionData.ActionAsync(bob, tagging.PagePath, "Hide", new Dictionary<string, string>
        {
            ["Data.CommentId"] = id.ToString(CultureInfo.InvariantCulture),
            ["Data.Reason"] = "I disagree",
        });
        var lockResponse = await DiscussionData.ActionAsync(bob, tagging.PagePath, "Lock",
            new Dictionary<string, string> { ["Data.TaggingId"] = tagging.TaggingId!.Value.ToString(CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.Forbidden, hide.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, lockResponse.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.Null((await db.Comments.SingleAsync()).HiddenAt);
        Assert.False(await db.AuditEntries.AnyAsync());
    }

    [Fact]
    public async Task Every_thread_form_posts_to_the_comment_routes_readers_have_always_used()
    {
        var own = DiscussionData.CommentIdFrom(await DiscussionData.PostCommentAsync(mod, tagging, "the moderator's own words"));
        var hidden = DiscussionData.CommentIdFrom(await DiscussionData.PostCommentAsync(ada, tagging, "to be hidden"));
        await DiscussionData.ActionAsync(mod, tagging.PagePath, "Hide", new Dictionary<string, string>
        {
            ["Data.CommentId"] = hidden.ToString(CultureInfo.InvariantCulture),
            ["Data.Reason"] = "test",
        });

        foreach (var path in new[] { tagging.PagePath, $"/Transcripts/{transcriptId}/Discussion" })
        {
            var (_, doc) = await mod.GetPageAsync(path);
            var actions = doc.QuerySelectorAll("#discussion form").Select(f => f.GetAttribute("action")).Distinct().Order().ToList();
            var expected = path == tagging.PagePath
                ? new[] { "/Comments/Actions?handler=Delete", "/Comments/Actions?handler=Hide", "/Comments/Actions?handler=Lock",
                    "/Comments/Actions?handler=Unhide", "/Comments/Write", "/Comments/Write?handler=Edit" }
                : ["/Comments/Actions?handler=Lock", "/Comments/Write"];
            Assert.Equal(expected.Order(), actions);
        }
        var (_, thread) = await mod.GetPageAsync(tagging.PagePath);
        Assert.NotNull(Comment(thread, own).QuerySelector("form[action='/Comments/Write?handler=Edit'] textarea"));

        var refused = await ada.PostFormAsync(tagging.PagePath, "/Comments/Write?handler=Edit", new Dictionary<string, string>
        {
            ["Data.CommentId"] = own.ToString(CultureInfo.InvariantCulture),
            ["Data.Body"] = "not ada's to edit",
        });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());
        Assert.Equal("/Comments/Write?handler=Edit", page.QuerySelector("form.comment-form")!.GetAttribute("action"));
        Assert.Contains("only edit your own", page.QuerySelector(".errors")!.TextContent);
        Assert.Equal("not ada's to edit", page.QuerySelector("textarea")!.TextContent);
    }

    [Fact]
    public async Task A_too_long_comment_gets_a_clear_error_and_the_text_is_kept()
    {
        var body = new string('x', CommentWriter.MaxBodyLength + 1);
        var response = await DiscussionData.PostCommentAsync(ada, tagging, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains("at most 10,000 characters", doc.QuerySelector(".errors")!.TextContent);
        Assert.Equal(body, doc.QuerySelector("textarea")!.TextContent);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Comments.AnyAsync());
    }

    [Fact]
    public async Task The_quote_link_without_scripts_prefills_the_comment_with_the_passage_as_a_block_quote()
    {
        var (_, doc) = await ada.GetPageAsync($"{tagging.PagePath}?quote=1");

        var textarea = doc.QuerySelector("#new-comment textarea")!;
        Assert.Equal("> " + DiscussionData.Passage + "\n\n", textarea.TextContent);
        var link = doc.QuerySelector("#new-comment a.quote-passage")!;
        Assert.Equal("> " + DiscussionData.Passage + "\n\n", link.GetAttribute("data-quote"));
    }

    [Fact]
    public async Task Anonymous_readers_see_the_thread_and_a_login_link_and_their_posts_go_to_login()
    {
        await DiscussionData.PostCommentAsync(ada, tagging, "visible to all");
        var anonymous = app.NewClient();
        var (_, doc) = await anonymous.GetPageAsync(tagging.PagePath);
        Assert.Contains("visible to all", doc.Body!.TextContent);
        Assert.Null(doc.GetElementById("new-comment"));
        Assert.NotNull(doc.QuerySelector("a[href^='/Account/Login']"));

        var post = await anonymous.Http.PostAsync("/Comments/Write", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Data.TaggingId"] = tagging.TaggingId!.Value.ToString(CultureInfo.InvariantCulture),
            ["Data.Body"] = "drive-by",
        }));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.True(post.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"got {post.StatusCode}");
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Comments.CountAsync());
    }

    [Fact]
    public async Task The_transcript_discussion_page_shows_its_thread_and_links_back()
    {
        var key = ThreadKey.ForTranscript(transcriptId);
        var id = DiscussionData.CommentIdFrom(await DiscussionData.PostCommentAsync(bob, key, "about the whole transcript"));
        Assert.Equal($"/Transcripts/{transcriptId}/Discussion#comment-{id}", (await app.NewClient().Http.GetAsync($"/Comments/{id}")).Headers.Location!.OriginalString);

        var (_, doc) = await app.NewClient().GetPageAsync(key.PagePath);
        Assert.Equal("AF sample 17", doc.QuerySelector("h1")!.TextContent);
        Assert.NotNull(doc.QuerySelector($"a[href='/Transcripts/{transcriptId}']"));
        Assert.Contains("about the whole transcript", Comment(doc, id).TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await app.NewClient().Http.GetAsync("/Transcripts/999999/Discussion")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.NewClient().Http.GetAsync("/Taggings/999999")).StatusCode);
    }

    [Fact]
    public async Task Recent_discussion_lists_the_newest_comments_with_links_to_their_threads()
    {
        await DiscussionData.PostCommentAsync(ada, tagging, "older one");
        var newest = DiscussionData.CommentIdFrom(await DiscussionData.PostCommentAsync(bob, ThreadKey.ForTranscript(transcriptId), "newest one"));

        var (_, doc) = await app.NewClient().GetPageAsync("/Discussion");
        var items = doc.QuerySelectorAll(".recent-comment").ToList();
        Assert.Equal(2, items.Count);
        Assert.Contains("newest one", items[0].TextContent);
        Assert.NotNull(items[0].QuerySelector($"a[href='/Comments/{newest}']"));
        Assert.NotNull(items[0].QuerySelector($"a[href='/Transcripts/{transcriptId}/Discussion']"));
        Assert.NotNull(items[1].QuerySelector($"a[href='/Taggings/{tagging.TaggingId}']"));
        Assert.Contains(DiscussionData.Passage, items[1].QuerySelector(".recent-quote")!.TextContent);
    }

    [Fact]
    public async Task Recent_discussion_pages_through_older_comments_by_keyset_links_and_back()
    {
        for (var i = 1; i <= 61; i++)
        {
            await WithWriter(s => s.PostAsync(tagging, null, adaId, $"comment number {i}."));
        }

        var client = app.NewClient();
        var (_, first) = await client.GetPageAsync("/Discussion");
        Assert.Equal(30, first.QuerySelectorAll(".recent-comment").Length);
        Assert.Contains("comment number 61.", first.QuerySelector(".recent-comment")!.TextContent);
        Assert.Null(first.QuerySelector("a[rel=prev]"));
        var older = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        Assert.StartsWith("/Discussion?before=", older);

        var (_, second) = await client.GetPageAsync(older);
        Assert.Contains("comment number 31.", second.QuerySelector(".recent-comment")!.TextContent);
        var (_, third) = await client.GetPageAsync(second.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Contains("comment number 1.", third.QuerySelector(".recent-comment")!.TextContent);
        Assert.Single(third.QuerySelectorAll(".recent-comment"));
        Assert.Null(third.QuerySelector("a[rel=next]"));

        var (_, backToSecond) = await client.GetPageAsync(third.QuerySelector("a[rel=prev]")!.GetAttribute("href")!);
        Assert.Equal(Bodies(second), Bodies(backToSecond));
        var (_, backToFirst) = await client.GetPageAsync(backToSecond.QuerySelector("a[rel=prev]")!.GetAttribute("href")!);
        Assert.Equal(Bodies(first), Bodies(backToFirst));
        Assert.Null(backToFirst.QuerySelector("a[rel=prev]"));
    }

    [Fact]
    public async Task Recent_discussion_still_serves_numbered_pages_of_earlier_links()
    {
        for (var i = 1; i <= 31; i++)
        {
            await WithWriter(s => s.PostAsync(tagging, null, adaId, $"comment number {i}."));
        }

        var (_, second) = await app.NewClient().GetPageAsync("/Discussion?page=2");
        Assert.Contains("comment number 1.", second.QuerySelector(".recent-comment")!.TextContent);
        Assert.Single(second.QuerySelectorAll(".recent-comment"));
        Assert.Null(second.QuerySelector("a[rel=next]"));
        Assert.NotNull(second.QuerySelector("a[rel=prev]"));
        var (_, beyond) = await app.NewClient().GetPageAsync("/Discussion?page=9");
        Assert.Contains("No more comments.", beyond.QuerySelector("main")?.TextContent ?? beyond.Body!.TextContent);
        Assert.Equal("/Discussion", beyond.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
    }

    private static List<string> Bodies(IHtmlDocument doc) =>
        doc.QuerySelectorAll(".recent-comment .recent-body").Select(e => e.TextContent.Trim()).ToList();
}
