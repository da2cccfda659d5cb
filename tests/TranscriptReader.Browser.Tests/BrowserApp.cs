using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TranscriptReader.Core.Data;
using TranscriptReader.Testing;

namespace TranscriptReader.Browser.Tests;

/// <summary>
/// The real app served by Kestrel on a free loopback port, on its own migrated PostgreSQL database,
/// driven by Debian's headless Chromium through Playwright.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private sealed class Factory(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("TR_DATABASE", connectionString);
            builder.UseSetting("Database:MigrateOnStart", "false");
            builder.UseSetting("Database:SeedDemoData", "false");
            builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            // Browser tests click fast; the per-user limits are tested elsewhere.
            builder.UseSetting("RateLimits:comments:PermitLimit", "100000");
            builder.UseSetting("RateLimits:writes:PermitLimit", "100000");
            builder.UseSetting("RateLimits:anonymous:PermitLimit", "100000");
            builder.UseSetting("AccountLimits:RegistrationsPerHour", "100000");
            // Every browser test registers its own readers; the registration rules have their own tests.
            builder.UseSetting("Instance:Registration", "open");
            builder.UseEnvironment("Testing");
        }
    }

    private Factory? factory;
    private IPlaywright? playwright;

    public TestDatabase Database { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => factory!.Services;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        factory = new Factory(Database.ConnectionString);
        factory.UseKestrel(0);
        factory.StartServer();
        BaseAddress = factory.ClientOptions.BaseAddress;
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public AppDbContext CreateDbContext() => Database.CreateContext();

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        using var scope = Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>A fresh browser context (own cookies) with one page; dialogs are recorded, never accepted.</summary>
    public async Task<BrowserSession> NewSessionAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        var session = new BrowserSession(context, page);
        page.Dialog += async (_, dialog) =>
        {
            session.Dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        // The Content-Security-Policy reports what it blocks on the console; a page that needs inline script fails here.
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                session.CspViolations.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 500)
            {
                session.ServerErrors.Add($"{response.Status} {response.Url}");
            }
        };
        return session;
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
        await Database.DisposeAsync();
    }
}

public sealed class BrowserSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;
    public IPage Page { get; } = page;
    public List<string> Dialogs { get; } = [];
    public List<string> ServerErrors { get; } = [];
    public List<string> CspViolations { get; } = [];

    public async Task RegisterAsync(string email, string name, string password = "correct horse battery")
    {
        await Page.GotoAsync("/Account/Register");
        await Page.FillAsync("input[name='Data.Email']", email);
        await Page.FillAsync("input[name='Data.DisplayName']", name);
        await Page.FillAsync("input[name='Data.Password']", password);
        await Page.FillAsync("input[name='Data.ConfirmPassword']", password);
        await Page.ClickAsync("form button[type=submit]");
        await Page.WaitForURLAsync(url => !url.Contains("/Account/Register", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
