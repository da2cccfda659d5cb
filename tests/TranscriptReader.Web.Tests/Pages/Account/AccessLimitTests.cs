using System.Net;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Account;

/// <summary>
/// Per-address limits hold against forged <c>X-Forwarded-For</c>: only a configured proxy may say who the client
/// is. Registration and anonymous reads are limited per address.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class AccessLimitTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static TestClient From(ExtraInstance node, string peer, string? forwardedFor = null)
    {
        var client = TestPeer.From(node.NewClient(), peer);
        if (forwardedFor is not null)
        {
            client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }
        return client;
    }

    [Fact]
    public async Task Rotating_X_Forwarded_For_does_not_escape_the_registration_limit()
    {
        await using var node = new ExtraInstance(app.Database.ConnectionString, new Dictionary<string, string>
        {
            ["AccountLimits:RegistrationsPerHour"] = "3",
        });
        for (var i = 0; i < 3; i++)
        {
            var ok = await From(node, "192.0.2.10", $"198.51.100.{i}").RegisterAsync($"r{i}@example.org", $"Reader {i}");
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }
        var refused = await From(node, "192.0.2.10", "198.51.100.99").RegisterAsync("r9@example.org", "Reader 9");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Contains("Try again in", await refused.Content.ReadAsStringAsync());
        // Another address is not affected.
        Assert.Equal(HttpStatusCode.Redirect, (await From(node, "192.0.2.11").RegisterAsync("other@example.org", "Other")).StatusCode);
    }

    [Fact]
    public async Task A_configured_proxy_forwards_the_client_address_and_other_peers_do_not()
    {
        await using var node = new ExtraInstance(app.Database.ConnectionString, new Dictionary<string, string>
        {
            ["AccountLimits:RegistrationsPerHour"] = "1",
            ["ForwardedHeaders:KnownProxies"] = "192.0.2.10",
        });
        Assert.Equal(HttpStatusCode.Redirect, (await From(node, "192.0.2.10", "198.51.100.1").RegisterAsync("a@example.org", "Reader A")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await From(node, "192.0.2.10", "198.51.100.2").RegisterAsync("b@example.org", "Reader B")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await From(node, "192.0.2.99", "198.51.100.3").RegisterAsync("c@example.org", "Reader C")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await From(node, "192.0.2.99", "198.51.100.4").RegisterAsync("d@example.org", "Reader D")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_reads_are_limited_per_address_and_signed_in_reads_are_not()
    {
        await using var node = new ExtraInstance(app.Database.ConnectionString, new Dictionary<string, string>
        {
            ["RateLimits:anonymous:PermitLimit"] = "5",
        });
        var anonymous = From(node, "203.0.113.50", "198.51.100.7");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.Http.GetAsync("/Labels")).StatusCode);
        }
        var limited = await From(node, "203.0.113.50", "198.51.100.8").Http.GetAsync("/Labels");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await From(node, "203.0.113.50", "198.51.100.9").Http.GetAsync("/api/v1/labels")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await From(node, "203.0.113.51").Http.GetAsync("/Labels")).StatusCode);

        var reader = From(node, "203.0.113.52");
        Assert.Equal(HttpStatusCode.Redirect, (await reader.RegisterAsync("ada@example.org", "Ada")).StatusCode);
        TestPeer.From(reader, "203.0.113.50");
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.Http.GetAsync("/Labels")).StatusCode);
        }
    }
}
