using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Testing;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Discussion;

/// <summary>The app with a comment limit of 2 per minute per user, on a database of its own.</summary>
public sealed class LowCommentLimitFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("TR_DATABASE", Database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStart", "false");
        builder.UseSetting("Database:SeedDemoData", "false");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("RateLimits:comments:PermitLimit", "2");
        // Open registration without a per-address limit (all test requests share one address), no anonymous read limit.
        builder.UseSetting("Instance:Registration", "open");
        builder.UseSetting("AccountLimits:RegistrationsPerHour", "100000");
        builder.UseSetting("RateLimits:anonymous:PermitLimit", "1000000");
        builder.UseSetting("RateLimits:comments:WindowSeconds", "600");
        builder.UseEnvironment("Testing");
    }

    public TestClient NewClient() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task InitializeAsync() => await Database.InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class CommentRateLimitTests(LowCommentLimitFactory app) : IClassFixture<LowCommentLimitFactory>
{
    [Fact]
    public async Task Posting_beyond_the_per_user_limit_is_429_with_a_clear_message_on_pages_and_api_while_others_may_post()
    {
        var ada = app.NewClient();
        await ada.RegisterAsync("ada@example.org", "Ada");
        var bob = app.NewClient();
        await bob.RegisterAsync("bob@example.org", "Bob");
        var adaId = await DiscussionData.UserIdAsync(app.Database.CreateContext, "ada@example.org");
        var (_, taggingId) = await DiscussionData.SeedAsync(app.Database.CreateContext, adaId);
        var key = ThreadKey.ForTagging(taggingId);

        Assert.Equal(HttpStatusCode.Redirect, (await DiscussionData.PostCommentAsync(ada, key, "one")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await DiscussionData.PostCommentAsync(ada, key, "two")).StatusCode);
        var third = await DiscussionData.PostCommentAsync(ada, key, "three");
        var viaApi = await DiscussionData.ApiAsync(ada, HttpMethod.Post, "/api/v1/comments", new { taggingId, body = "four" });
        var otherUser = await DiscussionData.PostCommentAsync(bob, key, "bob's first");

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Contains("Too many requests", await third.Content.ReadAsStringAsync());
        Assert.True(third.Headers.RetryAfter is not null);
        Assert.Equal(HttpStatusCode.TooManyRequests, viaApi.StatusCode);
        Assert.Equal("application/problem+json", viaApi.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Redirect, otherUser.StatusCode);
        await using var db = app.Database.CreateContext();
        Assert.Equal(3, db.Comments.Count());
        // Reading is not limited.
        Assert.Equal(HttpStatusCode.OK, (await ada.Http.GetAsync(key.PagePath)).StatusCode);
    }
}
