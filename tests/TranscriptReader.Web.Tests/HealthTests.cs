using System.Net;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class HealthTests(AppFactory app)
{
    [Fact]
    public async Task Healthz_is_200_when_the_database_answers()
    {
        var response = await app.NewClient().Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Home_page_renders_with_navigation()
    {
        var (response, doc) = await app.NewClient().GetPageAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var nav = doc.QuerySelector("nav.site-nav")!.TextContent;
        foreach (var item in new[] { "Transcripts", "Labels", "Export", "Log in" })
        {
            Assert.Contains(item, nav);
        }
    }

    [Fact]
    public async Task OpenApi_document_lists_the_api()
    {
        var response = await app.NewClient().Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/api/v1/me", await response.Content.ReadAsStringAsync());
    }
}
