using System.Net;
using System.Net.Http.Headers;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages;

/// <summary>
/// A page whose subject does not exist answers the HTML 404 page, not the API's JSON problem (the generic
/// status-code handler used to write problem details before the status page could run); the API stays JSON.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class NotFoundPageTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/Taggings/999999")]
    [InlineData("/Transcripts/999999")]
    [InlineData("/Transcripts/999999/Discussion")]
    [InlineData("/Labels/999999")]
    [InlineData("/Comments/999999")]
    [InlineData("/No/Such/Page")]
    public async Task A_missing_page_is_the_html_404_page_for_browsers_and_for_clients_without_accept(string path)
    {
        foreach (var accept in new[] { "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", null })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (accept is not null)
            {
                request.Headers.Accept.ParseAdd(accept);
            }
            var response = await app.NewClient().Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Not found", body);
            Assert.Contains("site-header", body);
        }
    }

    [Theory]
    [InlineData("/api/v1/transcripts/999999")]
    [InlineData("/api/v1/nothing-here")]
    public async Task A_missing_api_resource_stays_a_json_problem(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var response = await app.NewClient().Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
