using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests;

/// <summary>
/// Two app instances on one database, as behind a load balancer: a login made on one is accepted by
/// the other, because the Data Protection keys live in PostgreSQL under one application name.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class TwoInstanceTests(AppFactory first) : IAsyncLifetime
{
    private sealed class SecondInstance(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("TR_DATABASE", connectionString);
            builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            builder.UseEnvironment("Testing");
        }
    }

    public Task InitializeAsync() => first.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_login_cookie_from_one_instance_works_on_the_other()
    {
        var onFirst = first.NewClient();
        var registered = await onFirst.RegisterAsync("ada@example.org", "Ada");
        var authCookie = registered.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tr.auth=", StringComparison.Ordinal)).Split(';')[0];

        await using var second = new SecondInstance(first.Database.ConnectionString);
        var onSecond = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("Cookie", authCookie);
        var response = await onSecond.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"Ada\"", await response.Content.ReadAsStringAsync());
        // The shared key ring is the database's, not a folder both test hosts happen to share on this machine.
        await using var db = first.CreateDbContext();
        Assert.True(await db.DataProtectionKeys.AnyAsync());
    }
}
