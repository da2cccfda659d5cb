using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Account;

[Collection(WebCollection.Name)]
public sealed class AccountTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<IList<string>> RolesOfAsync(string email) => app.WithScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        return await users.GetRolesAsync((await users.FindByEmailAsync(email))!);
    });

    [Fact]
    public async Task First_registered_account_is_admin_and_later_ones_are_members()
    {
        var first = await app.NewClient().RegisterAsync("ada@example.org", "Ada");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var second = await app.NewClient().RegisterAsync("bob@example.org", "Bob");
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        Assert.Equal(["admin", "member"], (await RolesOfAsync("ada@example.org")).Order());
        Assert.Equal(["member"], await RolesOfAsync("bob@example.org"));
    }

    [Fact]
    public async Task Registration_with_a_short_password_shows_an_error_and_stores_nothing()
    {
        var client = app.NewClient();
        var response = await client.RegisterAsync("short@example.org", "Shorty", "short");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Password", await response.Content.ReadAsStringAsync());
        await using var db = app.CreateDbContext();
        Assert.False(await db.Users.AnyAsync());
    }

    [Fact]
    public async Task Member_gets_403_on_the_admin_page_and_admin_sees_it()
    {
        var admin = app.NewClient();
        await admin.RegisterAsync("ada@example.org", "Ada");
        var member = app.NewClient();
        await member.RegisterAsync("bob@example.org", "Bob");

        var (adminPage, doc) = await admin.GetPageAsync("/Admin/Users");
        Assert.Equal(HttpStatusCode.OK, adminPage.StatusCode);
        Assert.Contains("bob@example.org", doc.Body!.TextContent);

        var denied = await member.Http.GetAsync("/Admin/Users");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", denied.Headers.Location!.PathAndQuery);
        var (deniedPage, _) = await member.GetPageAsync(denied.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, deniedPage.StatusCode);
    }

    [Fact]
    public async Task Admin_grants_and_revokes_moderator_and_the_change_is_audited()
    {
        var admin = app.NewClient();
        await admin.RegisterAsync("ada@example.org", "Ada");
        await app.NewClient().RegisterAsync("bob@example.org", "Bob");
        string bobId;
        await using (var db = app.CreateDbContext())
        {
            bobId = (await db.Users.SingleAsync(u => u.Email == "bob@example.org")).Id;
        }

        var grant = await admin.PostFormAsync("/Admin/Users", "/Admin/Users", new Dictionary<string, string>
        {
            ["userId"] = bobId, ["role"] = "moderator", ["grant"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, grant.StatusCode);
        Assert.Contains("moderator", await RolesOfAsync("bob@example.org"));

        await admin.PostFormAsync("/Admin/Users", "/Admin/Users", new Dictionary<string, string>
        {
            ["userId"] = bobId, ["role"] = "moderator", ["grant"] = "false",
        });
        Assert.DoesNotContain("moderator", await RolesOfAsync("bob@example.org"));

        await using var check = app.CreateDbContext();
        var actions = await check.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["role.grant", "role.revoke"], actions);
    }

    [Fact]
    public async Task Anonymous_write_attempt_redirects_to_login()
    {
        var anonymous = app.NewClient();
        // The token comes from a page an anonymous visitor can read, as in a real browser.
        var token = await anonymous.AntiforgeryTokenAsync("/Account/Login");
        var response = await anonymous.Http.PostAsync("/Account/Manage?handler=CreateToken", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["tokenName"] = "x", ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
        await using var db = app.CreateDbContext();
        Assert.False(await db.ApiTokens.AnyAsync());
    }

    [Fact]
    public async Task Post_without_antiforgery_token_is_refused()
    {
        var client = app.NewClient();
        await client.RegisterAsync("ada@example.org", "Ada");
        var response = await client.Http.PostAsync("/Account/Manage?handler=CreateToken",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["tokenName"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.False(await db.ApiTokens.AnyAsync());
    }

    [Fact]
    public async Task Login_logout_and_change_password_work()
    {
        await app.NewClient().RegisterAsync("ada@example.org", "Ada");
        var client = app.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.LoginAsync("ada@example.org")).StatusCode);
        var (page, _) = await client.GetPageAsync("/Account/Manage");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        var change = await client.PostFormAsync("/Account/Manage", "/Account/Manage?handler=ChangePassword", new Dictionary<string, string>
        {
            ["Password.Current"] = "correct horse battery",
            ["Password.New"] = "a new long passphrase",
            ["Password.Confirm"] = "a new long passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);

        var logout = await client.PostFormAsync("/Account/Manage", "/Account/Logout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        var afterLogout = await client.Http.GetAsync("/Account/Manage");
        Assert.Equal(HttpStatusCode.Redirect, afterLogout.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync("ada@example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.LoginAsync("ada@example.org", "a new long passphrase")).StatusCode);
    }

    [Fact]
    public async Task Auth_cookie_is_httponly_and_samesite_lax()
    {
        var client = app.NewClient();
        var response = await client.RegisterAsync("ada@example.org", "Ada");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tr.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Auth_cookie_is_secure_when_served_over_https()
    {
        var client = new TestClient(app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("https://localhost"),
        }));
        var response = await client.RegisterAsync("ada@example.org", "Ada");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tr.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
