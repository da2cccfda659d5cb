using System.Net;
using System.Net.Http.Headers;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests;

/// <summary>Settings are options classes checked at start-up: a bad value stops the app with a message naming it.</summary>
[Collection(WebCollection.Name)]
public sealed class SettingsTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("Import:MaxZipEntries", "0", "Import:MaxZipEntries must be at least 1")]
    [InlineData("Import:MaxUploadBytes", "-5", "Import:MaxUploadBytes must be a positive number of bytes")]
    [InlineData("Import:UrlTimeoutSeconds", "0", "Import:UrlTimeoutSeconds must be between 1 and 3600")]
    [InlineData("RateLimits:comments:PermitLimit", "0", "RateLimits:comments:PermitLimit must be at least 1 (it is 0)")]
    [InlineData("RateLimits:exports:WindowSeconds", "-1", "RateLimits:exports:WindowSeconds must be at least 1 (it is -1)")]
    [InlineData("Database:MigrateOnStart", "sometimes", "Database:MigrateOnStart")]
    [InlineData("Logging:Format", "xml", "Logging:Format must be text or json (it is 'xml')")]
    public void A_bad_setting_stops_start_up_with_a_message_naming_it(string key, string value, string message)
    {
        using var misconfigured = app.WithWebHostBuilder(b => b.UseSetting(key, value));

        var error = Assert.ThrowsAny<Exception>(() => misconfigured.CreateClient());

        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains(message, messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_import_limits_come_from_the_settings()
    {
        using var small = app.WithWebHostBuilder(b => b.UseSetting("Import:MaxFileBytes", "100").UseSetting("Import:MaxUploadBytes", "3145728"));
        var client = new TestClient(small.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        await client.RegisterAsync("small@example.org", "Small");
        var api = new TestClient(small.CreateClient());
        api.UseBearer(await client.CreateTokenAsync());

        var response = await api.Http.PostAsync("/api/v1/transcripts?filename=long.txt",
            new StringContent("User: " + new string('a', 200), new MediaTypeHeaderValue("text/plain")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("over the limit of 100 bytes per file", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (_, page) = await client.GetPageAsync("/Transcripts/Import");
        Assert.Contains("up to 3 MB per upload", page.QuerySelector("label .hint")!.TextContent, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
