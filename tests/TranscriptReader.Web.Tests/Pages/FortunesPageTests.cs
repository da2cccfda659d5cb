using System.Net;
using AngleSharp.Html.Parser;
using TranscriptReader.Core.Labels;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages;

/// <summary>The benchmark baseline page is off on real instances and lists twelve rows when switched on.</summary>
[Collection(WebCollection.Name)]
public sealed class FortunesPageTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_fortunes_page_is_not_found_unless_benchmarks_switch_it_on()
    {
        var response = await app.CreateClient().GetAsync("/bench/fortunes");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Switched_on_it_renders_twelve_rows_read_from_the_database()
    {
        await using (var db = app.CreateDbContext())
        {
            for (var i = 0; i < 15; i++)
            {
                db.Labels.Add(new Label { Name = $"fortune {i:D2} <b>", NormalizedName = $"fortune {i:D2} <b>", Color = "#5b8def" });
            }
            await db.SaveChangesAsync();
        }
        using var enabled = app.WithWebHostBuilder(b => b.UseSetting("Benchmarks:Fortunes", "true"));

        var html = await enabled.CreateClient().GetStringAsync("/bench/fortunes");

        var rows = new HtmlParser().ParseDocument(html).QuerySelectorAll("tr td:nth-child(2)").Select(td => td.TextContent).ToList();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"fortune {i:D2} <b>"), rows);
    }
}
