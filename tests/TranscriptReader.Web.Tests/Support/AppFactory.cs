using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Testing;
using TranscriptReader.Web.Accounts;

namespace TranscriptReader.Web.Tests.Support;

/// <summary>The real app on a real, migrated PostgreSQL database of its own; data is reset per test class.</summary>
public sealed class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("TR_DATABASE", Database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStart", "false");
        builder.UseSetting("Database:SeedDemoData", "false");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // Most tests register several readers and read anonymously from one (absent) address; the access
        // rules and the anonymous read limit are tested on instances of their own.
        builder.UseSetting("Instance:Registration", "open");
        builder.UseSetting("RateLimits:anonymous:PermitLimit", "1000000");
        builder.UseSetting("AccountLimits:RegistrationsPerHour", "100000");
        builder.ConfigureServices(TestPeer.Register);
        builder.UseEnvironment("Testing");
    }

    public async Task InitializeAsync() => await Database.InitializeAsync();

    /// <summary>Empties the database and forgets this node's sign-in throttles and cached access rules.</summary>
    public async Task ResetAsync()
    {
        await Database.ResetAsync();
        Services.GetRequiredService<AccountThrottle>().ResetAll();
        Services.GetRequiredService<AccessPolicyCache>().Invalidate();
        Services.GetRequiredService<TranscriptListCache>().Clear();
    }

    public AppDbContext CreateDbContext() => Database.CreateContext();

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        using var scope = Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    public TestClient NewClient() => new(CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    }));

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<AppFactory>
{
    public const string Name = "web";
}
