using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Core.Accounts;

namespace TranscriptReader.Web.Tests.Support;

/// <summary>
/// Another app instance on an existing test database, as a second node behind a proxy would be, with
/// settings of its own (for example rate limits). The database belongs to <see cref="AppFactory"/>.
/// </summary>
/// <remarks>
/// Like <see cref="AppFactory"/> it registers openly and does not limit anonymous reads unless
/// <paramref name="settings"/> says otherwise (an empty <c>Instance:Registration</c> leaves the rule to the
/// database); <paramref name="services"/> replaces services (a fake clock).
/// </remarks>
public sealed class ExtraInstance(
    string connectionString, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    /// <summary>Limits so high that no test run reaches them, so a 429 cannot hide another answer.</summary>
    public static readonly IReadOnlyDictionary<string, string> UnlimitedRates = new Dictionary<string, string>
    {
        ["RateLimits:comments:PermitLimit"] = "1000000",
        ["RateLimits:writes:PermitLimit"] = "1000000",
        ["RateLimits:exports:PermitLimit"] = "1000000",
        ["RateLimits:imports:PermitLimit"] = "1000000",
        ["RateLimits:batchTaggings:PermitLimit"] = "100000000",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("TR_DATABASE", connectionString);
        builder.UseSetting("Database:MigrateOnStart", "false");
        builder.UseSetting("Database:SeedDemoData", "false");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Instance:Registration", "open");
        builder.UseSetting("RateLimits:anonymous:PermitLimit", "1000000");
        builder.UseSetting("AccountLimits:RegistrationsPerHour", "100000");
        builder.ConfigureServices(TestPeer.Register);
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        builder.UseEnvironment("Testing");
    }

    public TestClient NewClient() => new(CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    }));

    /// <summary>Creates an account with the given role through the app's own services and returns its id and a personal access token.</summary>
    public async Task<(string UserId, string Token)> AccountWithTokenAsync(string email, string name, string role = Roles.Member)
    {
        using var scope = Services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var (user, errors) = await accounts.CreateAsync(email, name, "correct horse battery", role);
        if (user is null)
        {
            throw new InvalidOperationException($"Could not create {email}: {string.Join("; ", errors)}");
        }
        var token = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(user.Id, "tests");
        return (user.Id, token.Secret);
    }

    /// <summary>A client that authenticates every request with the bearer token.</summary>
    public HttpClient BearerClient(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
