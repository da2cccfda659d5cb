using System.Net;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Exports.ExportTestSupport;

namespace TranscriptReader.Web.Tests.Pages.Help;

/// <summary>docs/exports.md served inside the site layout, and linked from the Export page.</summary>
[Collection(WebCollection.Name)]
public sealed class HelpPageTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_export_help_page_renders_docs_exports_md_in_the_layout()
    {
        var response = await app.NewClient().Http.GetAsync("/Help/Exports");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>Research exports", html);
        Assert.Contains("<th>column</th>", html);
        Assert.Contains("<code>transcripts_tagged</code>", html);
        Assert.Contains("<code>denominator</code>", html);
        Assert.Contains("href=\"/Help/Agreement\"", html);
        Assert.Contains("class=\"site-header", html);
    }

    [Fact]
    public async Task An_unknown_help_page_is_a_404_and_a_file_name_is_not_a_way_out_of_docs()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.NewClient().Http.GetAsync("/Help/Nothing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.NewClient().Http.GetAsync("/Help/..%2F..%2FREADME.md")).StatusCode);
    }

    [Fact]
    public async Task The_export_page_links_to_the_help_page()
    {
        var client = await SignedInClientAsync(app);
        var html = await client.Http.GetStringAsync("/Export");
        Assert.Contains("<a href=\"/Help/Exports\">", html);
    }
}
