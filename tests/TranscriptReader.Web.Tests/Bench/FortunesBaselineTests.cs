using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TranscriptReader.Bench.Baseline;
using TranscriptReader.Core.Labels;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Bench;

/// <summary>
/// The page-throughput baseline of scripts/bench lives in the bench's own host, which wires the app's services
/// and middleware around it; the app itself serves no benchmark page.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class FortunesBaselineTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_app_serves_no_benchmark_page()
    {
        var response = await app.CreateClient().GetAsync("/bench/fortunes");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_baseline_host_renders_twelve_rows_from_the_database_through_the_apps_pipeline()
    {
        await using (var db = app.CreateDbContext())
        {
            for (var i = 0; i < 15; i++)
            {
                db.Labels.Add(new Label { Name = $"fortune {i:D2} <b>", NormalizedName = $"fortune {i:D2} <b>", Color = "#5b8def" });
            }
            await db.SaveChangesAsync();
        }
        await using var baseline = new WebApplicationFactory<BaselineHost>().WithWebHostBuilder(b =>
        {
            b.UseSetting("TR_DATABASE", app.Database.ConnectionString);
            b.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            b.UseEnvironment("Testing");
        });
        using var http = baseline.CreateClient();

        var html = await http.GetStringAsync("/bench/fortunes");

        var rows = new HtmlParser().ParseDocument(html).QuerySelectorAll("tr td:nth-child(2)").Select(td => td.TextContent).ToList();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"fortune {i:D2} <b>"), rows);
        // The same pipeline as the app: its endpoints and pages answer here too.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/Labels")).StatusCode);
    }
}
