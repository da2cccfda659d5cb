using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Web.Tests.Pages.Discussion;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Api;

[Collection(WebCollection.Name)]
public sealed class DiscussionApiTests(AppFactory app) : IAsyncLifetime
{
    private TestClient mod = null!;
    private TestClient ada = null!;
    private TestClient bob = null!;
    private string adaId = "";
    private long transcriptId;
    private long taggingId;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        mod = app.NewClient();
        await mod.RegisterAsync("mod@example.org", "Mod");
        ada = app.NewClient();
        await ada.RegisterAsync("ada@example.org", "Ada");
        bob = app.NewClient();
        await bob.RegisterAsync("bob@example.org", "Bob");
        adaId = await DiscussionData.UserIdAsync(app.CreateDbContext, "ada@example.org");
        (transcriptId, taggingId) = await DiscussionData.SeedAsync(app.CreateDbContext, adaId);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<long> PostAsync(TestClient client, object body)
    {
        var response = await DiscussionData.ApiAsync(client, HttpMethod.Post, "/api/v1/comments", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Posting_returns_201_and_the_thread_is_a_tree_with_markdown_and_safe_html()
    {
        var root = await PostAsync(ada, new { taggingId, body = "**bold** [x](javascript:alert(1))" });
        var reply = await PostAsync(bob, new { taggingId, parentId = root, body = "> quoted\n\nreply" });

        var thread = await app.NewClient().GetJsonAsync<JsonElement>($"/api/v1/threads?taggingId={taggingId}");

        Assert.Equal("tagging", thread.GetProperty("kind").GetString());
        Assert.Equal(transcriptId, thread.GetProperty("transcriptId").GetInt64());
        Assert.False(thread.GetProperty("locked").GetBoolean());
        Assert.Equal(2, thread.GetProperty("commentCount").GetInt32());
        var first = thread.GetProperty("comments").EnumerateArray().Single();
        Assert.Equal(root, first.GetProperty("id").GetInt64());
        Assert.Equal("Ada", first.GetProperty("author").GetProperty("name").GetString());
        Assert.Equal("**bold** [x](javascript:alert(1))", first.GetProperty("markdown").GetString());
        var html = first.GetProperty("html").GetString()!;
        Assert.Contains("<strong>bold</strong>", html);
        Assert.DoesNotContain("javascript", html, StringComparison.OrdinalIgnoreCase);
        var nested = first.GetProperty("replies").EnumerateArray().Single();
        Assert.Equal(reply, nested.GetProperty("id").GetInt64());
        Assert.Equal(root, nested.GetProperty("parentId").GetInt64());
        Assert.Equal(2, nested.GetProperty("depth").GetInt32());
        Assert.Contains("<blockquote>", nested.GetProperty("html").GetString());
    }

    [Fact]
    public async Task Thread_and_post_need_exactly_one_of_taggingId_and_transcriptId()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await app.NewClient().Http.GetAsync("/api/v1/threads")).StatusCode);
        var both = await app.NewClient().Http.GetAsync($"/api/v1/threads?taggingId={taggingId}&transcriptId={transcriptId}");
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal("application/problem+json", both.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await app.NewClient().Http.GetAsync("/api/v1/threads?transcriptId=999999")).StatusCode);

        var none = await DiscussionData.ApiAsync(ada, HttpMethod.Post, "/api/v1/comments", new { body = "floating" });
        var twice = await DiscussionData.ApiAsync(ada, HttpMethod.Post, "/api/v1/comments", new { taggingId, transcriptId, body = "double" });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal("application/problem+json", twice.Content.Headers.ContentType?.MediaType);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Comments.AnyAsync());
    }

    [Fact]
    public async Task A_locked_thread_refuses_new_comments_and_edits_with_409_problem_details()
    {
        var before = await PostAsync(ada, new { transcriptId, body = "before" });
        await app.WithScopeAsync(sp => sp.GetRequiredService<Moderation>()
            .SetLockedAsync(ThreadKey.ForTranscript(transcriptId), new DiscussionViewer(adaId, true), true));

        var refused = await DiscussionData.ApiAsync(bob, HttpMethod.Post, "/api/v1/comments", new { transcriptId, parentId = before, body = "after" });
        var edit = await DiscussionData.ApiAsync(ada, HttpMethod.Patch, $"/api/v1/comments/{before}", new { body = "changed" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("locked", (await Json(refused)).GetProperty("detail").GetString());
        var thread = await app.NewClient().GetJsonAsync<JsonElement>($"/api/v1/threads?transcriptId={transcriptId}");
        Assert.True(thread.GetProperty("locked").GetBoolean());
        Assert.Equal(before, thread.GetProperty("comments").EnumerateArray().Single().GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Editing_or_deleting_someone_elses_comment_is_403_and_an_unknown_one_404()
    {
        var id = await PostAsync(ada, new { taggingId, body = "mine" });

        Assert.Equal(HttpStatusCode.Forbidden, (await DiscussionData.ApiAsync(bob, HttpMethod.Patch, $"/api/v1/comments/{id}", new { body = "yours" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DiscussionData.ApiAsync(bob, HttpMethod.Delete, $"/api/v1/comments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await DiscussionData.ApiAsync(bob, HttpMethod.Patch, "/api/v1/comments/987654", new { body = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await DiscussionData.ApiAsync(bob, HttpMethod.Delete, "/api/v1/comments/987654")).StatusCode);
        await using var db = app.CreateDbContext();
        var stored = await db.Comments.SingleAsync();
        Assert.Equal(("mine", (DateTimeOffset?)null), (stored.Body, stored.DeletedAt));
    }

    [Fact]
    public async Task Edit_is_204_and_delete_is_204_and_the_deleted_comment_keeps_its_replies()
    {
        var id = await PostAsync(ada, new { taggingId, body = "original" });
        var reply = await PostAsync(bob, new { taggingId, parentId = id, body = "reply" });

        Assert.Equal(HttpStatusCode.NoContent, (await DiscussionData.ApiAsync(ada, HttpMethod.Patch, $"/api/v1/comments/{id}", new { body = "changed" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await DiscussionData.ApiAsync(ada, HttpMethod.Delete, $"/api/v1/comments/{id}")).StatusCode);

        var thread = await app.NewClient().GetJsonAsync<JsonElement>($"/api/v1/threads?taggingId={taggingId}");
        var root = thread.GetProperty("comments").EnumerateArray().Single();
        Assert.True(root.GetProperty("deleted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("markdown").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("html").ValueKind);
        Assert.Equal(reply, root.GetProperty("replies").EnumerateArray().Single().GetProperty("id").GetInt64());
        await using var db = app.CreateDbContext();
        Assert.Equal("original", (await db.CommentRevisions.SingleAsync()).Body);
    }

    [Fact]
    public async Task Writes_need_an_account_and_cookie_writes_need_the_antiforgery_header()
    {
        var anonymous = await app.NewClient().Http.PostAsJsonAsync("/api/v1/comments", new { taggingId, body = "hi" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var noToken = await ada.Http.PostAsJsonAsync("/api/v1/comments", new { taggingId, body = "hi" });
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Comments.AnyAsync());
    }

    [Fact]
    public async Task Too_long_or_empty_bodies_are_400_with_a_clear_message()
    {
        var tooLong = await DiscussionData.ApiAsync(ada, HttpMethod.Post, "/api/v1/comments",
            new { taggingId, body = new string('a', CommentWriter.MaxBodyLength + 1) });
        var empty = await DiscussionData.ApiAsync(ada, HttpMethod.Post, "/api/v1/comments", new { taggingId, body = " " });

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("10,000", (await Json(tooLong)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task A_very_deep_thread_serializes_with_replies_beyond_the_nesting_limit_listed_flat()
    {
        long? parent = null;
        var ids = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            var result = await app.WithScopeAsync(sp => sp.GetRequiredService<CommentWriter>()
                .PostAsync(ThreadKey.ForTagging(taggingId), parent, adaId, $"level {i + 1}"));
            ids.Add(result.Value.Id);
            parent = result.Value.Id;
        }

        var thread = await app.NewClient().GetJsonAsync<JsonElement>($"/api/v1/threads?taggingId={taggingId}");

        var node = thread.GetProperty("comments")[0];
        for (var depth = 1; depth < 24; depth++)
        {
            node = node.GetProperty("replies")[0];
        }
        Assert.Equal(24, node.GetProperty("depth").GetInt32());
        var flat = node.GetProperty("replies").EnumerateArray().ToList();
        Assert.Equal(ids.Skip(24), flat.Select(c => c.GetProperty("id").GetInt64()));
        Assert.Equal(ids[38], flat[^1].GetProperty("parentId").GetInt64());
        Assert.Equal(40, flat[^1].GetProperty("depth").GetInt32());
    }
}
