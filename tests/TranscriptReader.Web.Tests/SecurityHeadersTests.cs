using System.Net;
using AngleSharp.Html.Parser;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Web.Tests.Pages.Discussion;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests;

/// <summary>Security headers on every kind of response, and no page that needs inline script to work.</summary>
[Collection(WebCollection.Name)]
public sealed class SecurityHeadersTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Login")]
    [InlineData("/api/v1/labels")]
    [InlineData("/api/v1/transcripts/999999")]
    [InlineData("/css/site.css")]
    [InlineData("/js/site.js")]
    [InlineData("/no-such-page")]
    [InlineData("/healthz")]
    [InlineData("/openapi/v1.json")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await app.NewClient().Http.GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline'; ", csp.Split("style-src-attr")[0]);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task GET_Error_directly_is_a_404_not_a_500()
    {
        var response = await app.NewClient().Http.GetAsync("/Error");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task No_page_runs_inline_script_handlers_or_javascript_urls()
    {
        var admin = app.NewClient();
        await admin.RegisterAsync("ada@example.org", "Ada");
        var adaId = await DiscussionData.UserIdAsync(app.CreateDbContext, "ada@example.org");
        var (transcriptId, taggingId) = await DiscussionData.SeedAsync(app.CreateDbContext, adaId);
        await admin.CreateTokenAsync();
        await DiscussionData.PostCommentAsync(admin, ThreadKey.ForTagging(taggingId), "A comment");
        string[] pages =
        [
            "/", "/Transcripts", $"/Transcripts/{transcriptId}", "/Labels", "/Discussion", "/Export", "/Audit",
            "/Account/Manage", "/Admin/Users", "/Admin/Settings", "/Invitations", "/Transcripts/Import",
            $"/Transcripts/{transcriptId}/Discussion", $"/Taggings/{taggingId}", "/Error", "/no-such-page",
        ];
        var parser = new HtmlParser();
        foreach (var path in pages)
        {
            var response = await admin.Http.GetAsync(path);
            var doc = parser.ParseDocument(await response.Content.ReadAsStringAsync());
            var inline = doc.QuerySelectorAll("script:not([src])")
                .Where(s => s.GetAttribute("type") != "application/json").Select(s => s.OuterHtml).ToList();
            Assert.True(inline.Count == 0, $"{path} has inline script: {string.Join(" ", inline)}");
            var handlers = doc.All.SelectMany(e => e.Attributes.Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                .Select(a => $"<{e.LocalName} {a.Name}>")).ToList();
            Assert.True(handlers.Count == 0, $"{path} has inline handlers: {string.Join(" ", handlers)}");
            Assert.Empty(doc.QuerySelectorAll("[href^='javascript:' i]"));
        }
    }
}
