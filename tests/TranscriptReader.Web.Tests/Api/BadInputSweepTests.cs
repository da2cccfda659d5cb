using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Api;

/// <summary>Every write endpoint gets malformed bodies, wrong types, missing fields and unknown ids: 4xx problem details, never a 500, nothing stored.</summary>
[Collection(WebCollection.Name)]
public sealed class BadInputSweepTests(AppFactory app) : IAsyncLifetime
{
    private TestClient api = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        var admin = app.NewClient();
        await admin.RegisterAsync("root@example.org", "Root");
        api = app.NewClient();
        api.UseBearer(await admin.CreateTokenAsync());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, string?> Requests() => new()
    {
        { "POST", "/api/v1/taggings", "{" },
        { "POST", "/api/v1/taggings", "[]" },
        { "POST", "/api/v1/taggings", "{}" },
        { "POST", "/api/v1/taggings", "{\"blockId\": \"abc\", \"start\": 0, \"end\": 3, \"label\": \"x\"}" },
        { "POST", "/api/v1/taggings", "{\"blockId\": 999999, \"start\": 0, \"end\": 3, \"label\": \"x\"}" },
        { "POST", "/api/v1/taggings", "{\"blockId\": 1, \"start\": -5, \"end\": 99999999999, \"label\": \"x\"}" },
        { "POST", "/api/v1/taggings", "{\"blockId\": 1, \"start\": 0, \"end\": 3, \"label\": null}" },
        { "POST", "/api/v1/taggings/999999/vote", "{\"value\": 1}" },
        { "POST", "/api/v1/taggings/1/vote", "{\"value\": \"yes\"}" },
        { "POST", "/api/v1/taggings/1/vote", null },
        { "DELETE", "/api/v1/taggings/999999", null },
        { "POST", "/api/v1/comments", "{}" },
        { "POST", "/api/v1/comments", "{\"transcriptId\": 999999, \"body\": \"hi\"}" },
        { "POST", "/api/v1/comments", "{\"transcriptId\": 1, \"taggingId\": 1, \"body\": \"hi\"}" },
        { "POST", "/api/v1/comments", "{\"transcriptId\": \"one\", \"body\": 5}" },
        { "PATCH", "/api/v1/comments/999999", "{\"body\": \"x\"}" },
        { "DELETE", "/api/v1/comments/999999", null },
        { "GET", "/api/v1/threads", null },
        { "GET", "/api/v1/threads?transcriptId=abc", null },
        { "POST", "/api/v1/labels", "{}" },
        { "POST", "/api/v1/labels", "{\"name\": \"\"}" },
        { "POST", "/api/v1/labels", "{\"name\": \"ok\", \"color\": \"red; background:url(x)\"}" },
        { "POST", "/api/v1/labels/merge", "{\"sourceIds\": [], \"targetId\": 1}" },
        { "POST", "/api/v1/labels/merge", "{\"sourceIds\": \"1\", \"targetId\": \"x\"}" },
        { "POST", "/api/v1/labels/merge", "{\"sourceIds\": [999998], \"targetId\": 999999}" },
        { "POST", "/api/v1/merges/999999/undo", null },
        { "POST", "/api/v1/transcripts", null },
        { "POST", "/api/v1/transcripts?format=nope", "Human: hi" },
        { "GET", "/api/v1/transcripts/999999", null },
        { "GET", "/api/v1/transcripts/999999/taggings", null },
        { "GET", "/api/v1/exports/taggings.csv?from=yesterday", null },
        { "GET", "/api/v1/exports/nothing.csv", null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Bad_requests_get_a_4xx_problem_and_store_nothing(string method, string url, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, url.StartsWith("/api/v1/transcripts", StringComparison.Ordinal) ? "text/plain" : "application/json");
        }
        var response = await api.Http.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Taggings.AnyAsync());
        Assert.False(await db.Comments.AnyAsync());
        Assert.False(await db.Transcripts.AnyAsync());
        Assert.False(await db.LabelMerges.AnyAsync());
    }

    [Fact]
    public async Task A_huge_json_body_is_refused_without_a_500()
    {
        var huge = "{\"blockId\": 1, \"start\": 0, \"end\": 3, \"label\": \"" + new string('x', 5_000_000) + "\"}";
        var response = await api.Http.PostAsync("/api/v1/taggings", new StringContent(huge, Encoding.UTF8, "application/json"));
        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task An_invalid_token_is_401_on_every_write()
    {
        var stranger = app.NewClient();
        stranger.UseBearer("trpat_forged");
        foreach (var url in new[] { "/api/v1/taggings", "/api/v1/comments", "/api/v1/labels", "/api/v1/labels/merge", "/api/v1/transcripts" })
        {
            var response = await stranger.Http.PostAsync(url, new StringContent("{}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }
}
