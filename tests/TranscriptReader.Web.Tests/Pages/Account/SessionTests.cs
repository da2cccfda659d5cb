using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TranscriptReader.Web.Setup;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Account;

/// <summary>
/// Sessions follow the account: role changes, password changes and "log out everywhere" reach every cookie
/// at its next check (<see cref="AuthSetup.SessionRecheck"/>), on an instance whose clock the test moves.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SessionTests(AppFactory app) : IAsyncLifetime
{
    private static readonly TimeSpan PastRecheck = AuthSetup.SessionRecheck + TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private ExtraInstance node = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        node = new ExtraInstance(app.Database.ConnectionString, services: s => s.AddSingleton<TimeProvider>(clock));
    }

    public async Task DisposeAsync() => await node.DisposeAsync();

    private async Task<string> IdOfAsync(string email)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private static Task<HttpResponseMessage> SetRoleAsync(TestClient admin, string userId, bool grant) =>
        admin.PostFormAsync("/Admin/Users", "/Admin/Users", new Dictionary<string, string>
        {
            ["userId"] = userId, ["role"] = "moderator", ["grant"] = grant ? "true" : "false",
        });

    [Fact]
    public async Task A_revoked_moderator_loses_moderation_on_the_next_request_after_the_check()
    {
        var admin = node.NewClient();
        await admin.RegisterAsync("ada@example.org", "Ada");
        var bob = node.NewClient();
        await bob.RegisterAsync("bob@example.org", "Bob");
        var bobId = await IdOfAsync("bob@example.org");
        Assert.Equal(HttpStatusCode.Redirect, (await SetRoleAsync(admin, bobId, grant: true)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await bob.LoginAsync("bob@example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.Http.GetAsync("/Audit")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await SetRoleAsync(admin, bobId, grant: false)).StatusCode);
        clock.Advance(PastRecheck);

        // The old cookie no longer opens the moderator page: its session ended with the role change.
        var stale = await bob.Http.GetAsync("/Audit");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.StartsWith("/Account/Login", stale.Headers.Location!.PathAndQuery);
        // Signed in again, Bob is a member: 403.
        Assert.Equal(HttpStatusCode.Redirect, (await bob.LoginAsync("bob@example.org")).StatusCode);
        var denied = await bob.Http.GetAsync("/Audit");
        Assert.StartsWith("/Account/AccessDenied", denied.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.Http.GetAsync(denied.Headers.Location!.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task A_role_change_applies_to_tokens_at_once()
    {
        var admin = node.NewClient();
        await admin.RegisterAsync("ada@example.org", "Ada");
        var bob = node.NewClient();
        await bob.RegisterAsync("bob@example.org", "Bob");
        var bobId = await IdOfAsync("bob@example.org");
        await SetRoleAsync(admin, bobId, grant: true);
        await bob.LoginAsync("bob@example.org");
        var api = node.BearerClient(await bob.CreateTokenAsync());
        Assert.Contains("moderator", await api.GetStringAsync("/api/v1/me"));

        await SetRoleAsync(admin, bobId, grant: false);

        Assert.DoesNotContain("moderator", await api.GetStringAsync("/api/v1/me"));
        var create = await api.PostAsync("/api/v1/labels", new StringContent("""{"name":"x"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_after_the_check()
    {
        var here = node.NewClient();
        await here.RegisterAsync("ada@example.org", "Ada");
        var elsewhere = node.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.LoginAsync("ada@example.org")).StatusCode);

        var change = await here.PostFormAsync("/Account/Manage", "/Account/Manage?handler=ChangePassword", new Dictionary<string, string>
        {
            ["Password.Current"] = "correct horse battery",
            ["Password.New"] = "a new long passphrase",
            ["Password.Confirm"] = "a new long passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        clock.Advance(PastRecheck);

        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.Http.GetAsync("/Account/Manage")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.Http.GetAsync("/Account/Manage")).StatusCode);
    }

    [Fact]
    public async Task Log_out_everywhere_ends_a_copied_cookie_but_not_the_tokens()
    {
        var here = node.NewClient();
        var registered = await here.RegisterAsync("ada@example.org", "Ada");
        var cookie = registered.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tr.auth=", StringComparison.Ordinal)).Split(';')[0];
        var token = await here.CreateTokenAsync();
        var copied = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        copied.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await copied.GetAsync("/Account/Manage")).StatusCode);

        var logout = await here.PostFormAsync("/Account/Manage", "/Account/Manage?handler=LogOutEverywhere", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        clock.Advance(PastRecheck);

        Assert.Equal(HttpStatusCode.Redirect, (await copied.GetAsync("/Account/Manage")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await here.Http.GetAsync("/Account/Manage")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.BearerClient(token).GetAsync("/api/v1/me")).StatusCode);
    }
}
