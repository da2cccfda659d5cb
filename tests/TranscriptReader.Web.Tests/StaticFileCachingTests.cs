using System.Net;
using TranscriptReader.Web.Setup;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class StaticFileCachingTests(AppFactory app)
{
    [Fact]
    public async Task A_versioned_script_url_with_the_current_hash_may_be_kept()
    {
        var client = app.NewClient();
        var (_, doc) = await client.GetPageAsync("/");
        var src = doc.QuerySelector("script[src^='/js/site.js?v=']")?.GetAttribute("src");
        Assert.NotNull(src);

        var response = await client.Http.GetAsync(src);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(StaticFileCaching.Versioned, response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("/js/tagging/offsets.js")]
    [InlineData("/js/api.js")]
    [InlineData("/js/site.js?v=not-the-hash-of-this-file")]
    public async Task Imported_modules_and_urls_with_another_hash_are_revalidated_on_each_use(string url)
    {
        var client = app.NewClient();

        var response = await client.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(StaticFileCaching.Unversioned, response.Headers.CacheControl?.ToString());
        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag ?? throw new InvalidOperationException("no ETag"));
        Assert.Equal(HttpStatusCode.NotModified, (await client.Http.SendAsync(again)).StatusCode);
    }
}
