using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Core.Data;
using TranscriptReader.Testing;

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
        builder.UseEnvironment("Testing");
    }

    public async Task InitializeAsync() => await Database.InitializeAsync();

    public Task ResetAsync() => Database.ResetAsync();

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
