using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Labels;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Discussion;

/// <summary>
/// Markdown nested deeper than Markdig parses (it throws) used to be stored, after which every page showing it
/// answered 500 for every reader. Such text is refused on write, and what is already stored renders as plain text.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class MarkdownNestingTests(AppFactory app) : IAsyncLifetime
{
    private TestClient mod = null!;
    private TestClient ada = null!;
    private string adaId = "";
    private long transcriptId;
    private ThreadKey tagging;

    public static TheoryData<string, string> Bombs() => new()
    {
        { "1,000 nested quotes", string.Concat(Enumerable.Repeat("> ", 1000)) + "x" },
        { "10,000 brackets", new string('[', 10_000) },
        { "300-level list", string.Concat(Enumerable.Repeat("- ", 300)) + "x" },
        { "3,000 stars around a letter", new string('*', 3000) + "a" + new string('*', 3000) },
        { "quotes of lists", string.Concat(Enumerable.Repeat("> - ", 200)) + "x" },
    };

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        mod = app.NewClient();
        await mod.RegisterAsync("mod@example.org", "Mod");
        ada = app.NewClient();
        await ada.RegisterAsync("ada@example.org", "Ada");
        adaId = await DiscussionData.UserIdAsync(app.CreateDbContext, "ada@example.org");
        var (tid, taggingId) = await DiscussionData.SeedAsync(app.CreateDbContext, adaId);
        transcriptId = tid;
        tagging = ThreadKey.ForTagging(taggingId);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task A_comment_nested_too_deeply_is_refused_with_400_through_the_api_and_the_form(string name, string body)
    {
        var viaApi = await DiscussionData.ApiAsync(ada, HttpMethod.Post, "/api/v1/comments", new { taggingId = tagging.TaggingId, body });
        var viaForm = await DiscussionData.PostCommentAsync(ada, ThreadKey.ForTranscript(transcriptId), body);

        Assert.True(viaApi.StatusCode == HttpStatusCode.BadRequest, $"{name}: the API answered {viaApi.StatusCode}");
        Assert.Contains("nested", await viaApi.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, viaForm.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Comments.AnyAsync());
    }

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task An_edit_nested_too_deeply_is_refused_and_keeps_the_old_body(string name, string body)
    {
        var created = await DiscussionData.ApiAsync(ada, HttpMethod.Post, "/api/v1/comments", new { transcriptId, body = "fine" });
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();

        var edit = await DiscussionData.ApiAsync(ada, HttpMethod.Patch, $"/api/v1/comments/{id}", new { body });

        Assert.True(edit.StatusCode == HttpStatusCode.BadRequest, $"{name}: the edit answered {edit.StatusCode}");
        await using var db = app.CreateDbContext();
        Assert.Equal("fine", (await db.Comments.SingleAsync()).Body);
    }

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task A_stored_comment_nested_too_deeply_renders_as_text_on_every_page_for_everyone(string name, string body)
    {
        await using (var db = app.CreateDbContext())
        {
            db.Comments.Add(new Comment { TaggingId = tagging.TaggingId, AuthorId = adaId, Body = body });
            db.Comments.Add(new Comment { TranscriptId = transcriptId, AuthorId = adaId, Body = body });
            // Hidden by a moderator: the author and moderators still read it, which used to break their pages only.
            db.Comments.Add(new Comment { TranscriptId = transcriptId, AuthorId = adaId, Body = body, HiddenAt = DateTimeOffset.UtcNow, HiddenReason = "spam" });
            await db.SaveChangesAsync();
        }

        foreach (var client in new[] { app.NewClient(), ada, mod })
        {
            foreach (var path in new[]
            {
                $"/api/v1/threads?transcriptId={transcriptId}", $"/api/v1/threads?taggingId={tagging.TaggingId}",
                $"/Transcripts/{transcriptId}/Discussion", $"/Taggings/{tagging.TaggingId}", "/Discussion",
            })
            {
                var response = await client.Http.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {path} answered {(int)response.StatusCode}");
            }
        }
        var html = await (await ada.Http.GetAsync($"/Taggings/{tagging.TaggingId}")).Content.ReadAsStringAsync();
        Assert.Contains(System.Net.WebUtility.HtmlEncode(body[..20]), html);
    }

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task A_label_description_nested_too_deeply_is_refused_and_a_stored_one_renders(string name, string body)
    {
        var token = await mod.CreateTokenAsync();
        var api = app.NewClient();
        api.UseBearer(token);
        var created = await api.Http.PostAsJsonAsync("/api/v1/labels", new { name = "deep", description = body });
        Assert.True(created.StatusCode == HttpStatusCode.BadRequest, $"{name}: creating answered {created.StatusCode}");

        int id;
        await using (var db = app.CreateDbContext())
        {
            Assert.False(await db.Labels.AnyAsync(l => l.Name == "deep"));
            var label = new Label { Name = "stored deep", NormalizedName = "stored deep", Color = "#5b8def", Description = body };
            db.Labels.Add(label);
            await db.SaveChangesAsync();
            id = label.Id;
        }
        var edit = await mod.PostFormAsync($"/Labels/Edit/{id}", $"/Labels/Edit/{id}?handler=Description",
            new Dictionary<string, string> { ["description"] = body + " " });
        Assert.Equal(HttpStatusCode.BadRequest, edit.StatusCode);

        foreach (var path in new[] { "/Labels", $"/Labels/{id}", "/api/v1/labels" })
        {
            var response = await app.NewClient().Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Ordinary_nesting_is_still_accepted()
    {
        var body = "> quoting *you*\n>\n> > and **your [source](https://example.org)**\n\n- a\n  - b\n    - c\n\n| a | b |\n|---|---|\n| 1 | 2 |";

        var response = await DiscussionData.ApiAsync(ada, HttpMethod.Post, "/api/v1/comments", new { transcriptId, body });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
