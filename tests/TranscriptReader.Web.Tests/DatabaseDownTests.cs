using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TranscriptReader.Testing;

namespace TranscriptReader.Web.Tests;

/// <summary>The app pointed at a PostgreSQL port where nothing listens: it must say so honestly, never 500.</summary>
public sealed class DatabaseDownTests : IClassFixture<DatabaseDownTests.DownFactory>
{
    public sealed class DownFactory : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("TR_DATABASE", $"Host=127.0.0.1;Port={LoopbackPort.Free()};Username=tr;Database=nowhere;Timeout=3");
            builder.UseSetting("Database:MigrateOnStart", "false");
            builder.UseSetting("Serilog:MinimumLevel:Default", "Fatal");
            builder.UseEnvironment("Testing");
        }
    }

    private readonly HttpClient client;

    public DatabaseDownTests(DownFactory factory) =>
        client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Healthz_is_503_when_the_database_is_down()
    {
        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pages_answer_503_with_a_clear_message()
    {
        var response = await client.GetAsync("/Transcripts");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("database is unavailable", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_answers_503_problem_details()
    {
        var response = await client.GetAsync("/api/v1/transcripts/1");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
