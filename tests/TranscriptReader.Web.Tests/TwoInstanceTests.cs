using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests;

/// <summary>
/// Two app instances on one database, as behind a load balancer: a login made on one is accepted by
/// the other, because the Data Protection keys live in PostgreSQL under one application name; what
/// one instance stores the other shows; and rate limits are counted per user on each node.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class TwoInstanceTests(AppFactory first) : IAsyncLifetime
{
    public Task InitializeAsync() => first.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_login_cookie_from_one_instance_works_on_the_other()
    {
        var onFirst = first.NewClient();
        var registered = await onFirst.RegisterAsync("ada@example.org", "Ada");
        var authCookie = registered.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tr.auth=", StringComparison.Ordinal)).Split(';')[0];

        await using var second = new ExtraInstance(first.Database.ConnectionString);
        var onSecond = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("Cookie", authCookie);
        var response = await onSecond.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"Ada\"", await response.Content.ReadAsStringAsync());
        // The shared key ring is the database's, not a folder both test hosts happen to share on this machine.
        await using var db = first.CreateDbContext();
        Assert.True(await db.DataProtectionKeys.AnyAsync());
    }

    [Fact]
    public async Task A_comment_posted_on_one_instance_is_shown_by_the_other_in_the_api_and_on_the_discussion_page()
    {
        await using var one = new ExtraInstance(first.Database.ConnectionString);
        await using var two = new ExtraInstance(first.Database.ConnectionString);
        var transcriptId = await SeedTranscriptAsync();
        var (_, token) = await one.AccountWithTokenAsync("ada@example.org", "Ada");

        var posted = await one.BearerClient(token).PostAsJsonAsync("/api/v1/comments",
            new { transcriptId, body = "Seen from *both* nodes" });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var commentId = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var thread = await two.NewClient().GetJsonAsync<JsonElement>($"/api/v1/threads?transcriptId={transcriptId}");
        var comment = Assert.Single(thread.GetProperty("comments").EnumerateArray());
        Assert.Equal(commentId, comment.GetProperty("id").GetInt64());
        Assert.Equal("Ada", comment.GetProperty("author").GetProperty("name").GetString());
        var (page, doc) = await two.NewClient().GetPageAsync($"/Transcripts/{transcriptId}/Discussion");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var article = doc.QuerySelector($"#comment-{commentId}");
        Assert.NotNull(article);
        Assert.Equal("both", article.QuerySelector("em")?.TextContent);
        Assert.Contains("Ada", article.QuerySelector(".comment-author")?.TextContent);
    }

    /// <summary>
    /// Limits live in each node's memory, keyed by user (README, "Several app instances"): one reader
    /// using up the comment limit on a node does not touch anyone else's, on that node or another, and
    /// the same reader may still post on another node (up to one limit per node in a window).
    /// </summary>
    [Fact]
    public async Task A_reader_over_the_comment_limit_on_one_node_does_not_limit_other_readers_on_either_node()
    {
        var tight = new Dictionary<string, string>
        {
            ["RateLimits:comments:PermitLimit"] = "3",
            ["RateLimits:comments:WindowSeconds"] = "600",
        };
        await using var one = new ExtraInstance(first.Database.ConnectionString, tight);
        await using var two = new ExtraInstance(first.Database.ConnectionString, tight);
        var transcriptId = await SeedTranscriptAsync();
        var (_, adaToken) = await one.AccountWithTokenAsync("ada@example.org", "Ada");
        var (_, bobToken) = await one.AccountWithTokenAsync("bob@example.org", "Bob");
        var adaOnOne = one.BearerClient(adaToken);
        Task<HttpResponseMessage> Post(HttpClient http, string body) => http.PostAsJsonAsync("/api/v1/comments", new { transcriptId, body });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Post(adaOnOne, $"Ada {i}")).StatusCode);
        }
        var refused = await Post(adaOnOne, "Ada, one too many");
        var bobOnOne = await Post(one.BearerClient(bobToken), "Bob on node one");
        var bobOnTwo = await Post(two.BearerClient(bobToken), "Bob on node two");
        var adaOnTwo = await Post(two.BearerClient(adaToken), "Ada on node two");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many requests", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Created, bobOnOne.StatusCode);
        Assert.Equal(HttpStatusCode.Created, bobOnTwo.StatusCode);
        Assert.Equal(HttpStatusCode.Created, adaOnTwo.StatusCode);
        await using var db = first.CreateDbContext();
        Assert.Equal(6, await db.Comments.CountAsync());
        Assert.DoesNotContain(await db.Comments.Select(c => c.Body).ToListAsync(), b => b.Contains("too many", StringComparison.Ordinal));
    }

    /// <summary>Each node caches rendered transcript pages; the versions they are keyed by live in the database.</summary>
    [Fact]
    public async Task A_tagging_and_a_vote_made_on_one_instance_show_on_the_others_cached_transcript_page()
    {
        await using var one = new ExtraInstance(first.Database.ConnectionString, ExtraInstance.UnlimitedRates);
        await using var two = new ExtraInstance(first.Database.ConnectionString, ExtraInstance.UnlimitedRates);
        var transcriptId = await SeedTranscriptAsync();
        long blockId;
        await using (var db = first.CreateDbContext())
        {
            blockId = await db.Blocks.Where(b => b.TranscriptId == transcriptId).Select(b => b.Id).SingleAsync();
        }
        var (_, adaToken) = await one.AccountWithTokenAsync("ada@example.org", "Ada");
        var (_, bobToken) = await one.AccountWithTokenAsync("bob@example.org", "Bob");
        async Task<AngleSharp.Html.Dom.IHtmlDocument> ViewOnTwoAsync() => (await two.NewClient().GetPageAsync($"/Transcripts/{transcriptId}")).Document;
        Assert.Empty((await ViewOnTwoAsync()).QuerySelectorAll("mark.hl"));

        var applied = await one.BearerClient(adaToken).PostAsJsonAsync("/api/v1/taggings",
            new { blockId, start = 8, end = 21, quote = "being watched", label = "monitoring" });
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        var taggingId = (await applied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var page = await ViewOnTwoAsync();
        Assert.Equal("being watched", page.QuerySelector("mark.hl")?.TextContent);
        Assert.Contains("0 agree", page.QuerySelector("#tag-list .tag-votes")?.TextContent, StringComparison.Ordinal);

        var vote = await one.BearerClient(bobToken).PostAsJsonAsync($"/api/v1/taggings/{taggingId}/vote", new { value = 1 });
        Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        Assert.Contains("1 agree", (await ViewOnTwoAsync()).QuerySelector("#tag-list .tag-votes")?.TextContent, StringComparison.Ordinal);
    }

    private async Task<long> SeedTranscriptAsync()
    {
        await using var db = first.CreateDbContext();
        var (transcriptId, _) = await SeedTranscripts.AddAsync(db, "Shared transcript",
            new SeedTranscripts.SeedMessage("user", "User", new SeedTranscripts.SeedBlock("text", "Are you being watched?")));
        return transcriptId;
    }
}
