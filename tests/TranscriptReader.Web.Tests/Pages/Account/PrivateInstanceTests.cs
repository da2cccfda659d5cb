using System.Net;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Web.Tests.Pages.Discussion;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Account;

/// <summary>
/// The instance's access rules: who may register (open, by invitation, closed) and who may read (everyone,
/// signed-in only), from the admin page or fixed by the environment; and invite links.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PrivateInstanceTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>An instance whose rules come from the database (no environment override), as a new one.</summary>
    private ExtraInstance NewInstance(params (string Key, string Value)[] settings) =>
        new(app.Database.ConnectionString, settings.Append(("Instance:Registration", "")).GroupBy(s => s.Item1)
            .ToDictionary(g => g.Key, g => g.First().Item2));

    private static async Task<string> CreateInviteAsync(TestClient creator, string role = "member", int uses = 1, string note = "for tests")
    {
        var response = await creator.PostFormAsync("/Invitations", "/Invitations", new Dictionary<string, string>
        {
            ["Data.Role"] = role, ["Data.MaxUses"] = uses.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Data.ValidDays"] = "7", ["Data.Note"] = note,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var link = doc.QuerySelector("input.token-secret")?.GetAttribute("value") ?? throw new InvalidOperationException("No invite link on the page.");
        return Uri.UnescapeDataString(new Uri(link).Query.Split("invite=")[1]);
    }

    private static Task<HttpResponseMessage> RegisterWithInviteAsync(TestClient client, string invite, string email, string name) =>
        client.PostFormAsync("/Account/Login", "/Account/Register", new Dictionary<string, string>
        {
            ["Data.Email"] = email, ["Data.DisplayName"] = name,
            ["Data.Password"] = "correct horse battery", ["Data.ConfirmPassword"] = "correct horse battery", ["invite"] = invite,
        });

    private async Task<IList<string>> RolesOfAsync(string email)
    {
        await using var db = app.CreateDbContext();
        return await (from u in db.Users
                      join ur in db.UserRoles on u.Id equals ur.UserId
                      join r in db.Roles on ur.RoleId equals r.Id
                      where u.Email == email
                      orderby r.Name
                      select r.Name!).ToListAsync();
    }

    [Fact]
    public async Task A_new_instance_registers_by_invitation_except_for_its_first_account()
    {
        await using var node = NewInstance();
        var admin = node.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.RegisterAsync("ada@example.org", "Ada")).StatusCode);
        Assert.Equal(["admin", "member"], await RolesOfAsync("ada@example.org"));

        var (page, doc) = await node.NewClient().GetPageAsync("/Account/Register");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Null(doc.QuerySelector("form input[name='Data.Email']"));
        Assert.Contains("by invitation", doc.Body!.TextContent);

        var refused = await node.NewClient().PostFormAsync("/Account/Login", "/Account/Register", new Dictionary<string, string>
        {
            ["Data.Email"] = "eve@example.org", ["Data.DisplayName"] = "Eve",
            ["Data.Password"] = "correct horse battery", ["Data.ConfirmPassword"] = "correct horse battery",
        });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "eve@example.org"));
    }

    [Fact]
    public async Task An_invite_link_grants_its_role_counts_its_uses_and_shows_who_used_it()
    {
        await using var node = NewInstance();
        var admin = node.NewClient();
        await admin.RegisterAsync("ada@example.org", "Ada");
        var invite = await CreateInviteAsync(admin, role: "moderator", uses: 1, note: "Tuesday group");

        var (_, form) = await node.NewClient().GetPageAsync("/Account/Register?invite=" + Uri.EscapeDataString(invite));
        Assert.Contains("invited as moderator", form.Body!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await RegisterWithInviteAsync(node.NewClient(), invite, "bob@example.org", "Bob")).StatusCode);
        Assert.Equal(["member", "moderator"], await RolesOfAsync("bob@example.org"));

        var usedUp = await RegisterWithInviteAsync(node.NewClient(), invite, "cy@example.org", "Cy");
        Assert.Equal(HttpStatusCode.Conflict, usedUp.StatusCode);
        Assert.Contains("used as often as it allows", await usedUp.Content.ReadAsStringAsync());

        var (_, list) = await admin.GetPageAsync("/Invitations");
        var row = list.QuerySelectorAll("tbody tr").Single();
        Assert.Contains("Tuesday group", row.TextContent);
        Assert.Contains("Bob", row.TextContent);
        Assert.Contains("1 / 1", row.TextContent);
        await using var db = app.CreateDbContext();
        // Only a hash of the link is stored.
        Assert.DoesNotContain(await db.Invitations.Select(i => i.TokenHash).ToListAsync(), h => h.Contains(invite, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_revoked_or_expired_invite_link_is_refused()
    {
        await using var node = NewInstance();
        var admin = node.NewClient();
        await admin.RegisterAsync("ada@example.org", "Ada");
        var revoked = await CreateInviteAsync(admin, uses: 5);
        var expired = await CreateInviteAsync(admin, uses: 5);
        await using (var db = app.CreateDbContext())
        {
            var ids = await db.Invitations.OrderBy(i => i.Id).Select(i => i.Id).ToListAsync();
            var revoke = await admin.PostFormAsync("/Invitations", "/Invitations?handler=Revoke", new Dictionary<string, string> { ["id"] = ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
            await db.Invitations.Where(i => i.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        var r1 = await RegisterWithInviteAsync(node.NewClient(), revoked, "bob@example.org", "Bob");
        Assert.Contains("revoked", await r1.Content.ReadAsStringAsync());
        var r2 = await RegisterWithInviteAsync(node.NewClient(), expired, "bob@example.org", "Bob");
        Assert.Contains("expired", await r2.Content.ReadAsStringAsync());
        var r3 = await RegisterWithInviteAsync(node.NewClient(), "trinv_made-up", "bob@example.org", "Bob");
        Assert.Equal(HttpStatusCode.NotFound, r3.StatusCode);
        await using var check = app.CreateDbContext();
        Assert.Equal(1, await check.Users.CountAsync());
    }

    [Fact]
    public async Task A_moderator_invites_members_and_moderators_but_not_admins()
    {
        await using var node = NewInstance();
        var admin = node.NewClient();
        await admin.RegisterAsync("ada@example.org", "Ada");
        var invite = await CreateInviteAsync(admin, role: "moderator");
        var mod = node.NewClient();
        await RegisterWithInviteAsync(mod, invite, "mo@example.org", "Mo");

        await CreateInviteAsync(mod, role: "member");
        var asAdmin = await mod.PostFormAsync("/Invitations", "/Invitations", new Dictionary<string, string>
        {
            ["Data.Role"] = "admin", ["Data.MaxUses"] = "1", ["Data.ValidDays"] = "7",
        });
        Assert.Equal(HttpStatusCode.Forbidden, asAdmin.StatusCode);
        var member = node.NewClient();
        await RegisterWithInviteAsync(member, await CreateInviteAsync(mod), "me@example.org", "Me");
        Assert.Equal(HttpStatusCode.Redirect, (await member.Http.GetAsync("/Invitations")).StatusCode);
    }

    [Fact]
    public async Task Closed_registration_refuses_even_an_invite_and_the_admin_page_opens_it()
    {
        await using var node = NewInstance();
        var admin = node.NewClient();
        await admin.RegisterAsync("ada@example.org", "Ada");
        var invite = await CreateInviteAsync(admin);
        var closed = await admin.PostFormAsync("/Admin/Settings", "/Admin/Settings", new Dictionary<string, string>
        {
            ["readAccess"] = "everyone", ["registration"] = "closed",
        });
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await RegisterWithInviteAsync(node.NewClient(), invite, "bob@example.org", "Bob")).StatusCode);

        await admin.PostFormAsync("/Admin/Settings", "/Admin/Settings", new Dictionary<string, string>
        {
            ["readAccess"] = "everyone", ["registration"] = "open",
        });
        Assert.Equal(HttpStatusCode.Redirect, (await node.NewClient().RegisterAsync("cy@example.org", "Cy")).StatusCode);
        await using var db = app.CreateDbContext();
        var changed = await db.AuditEntries.Where(a => a.Action == "setting.change").Select(a => a.TargetId).Distinct().ToListAsync();
        Assert.Contains("access.registration", changed);
        Assert.DoesNotContain("access.read", changed);
    }

    [Fact]
    public async Task Signed_in_only_reading_covers_pages_api_and_exports_but_not_signing_in()
    {
        await using var node = NewInstance(("Instance:ReadAccess", "signed-in"));
        var ada = node.NewClient();
        await ada.RegisterAsync("ada@example.org", "Ada");
        var adaId = await DiscussionData.UserIdAsync(app.CreateDbContext, "ada@example.org");
        var (transcriptId, taggingId) = await DiscussionData.SeedAsync(app.CreateDbContext, adaId);
        var token = await ada.CreateTokenAsync();
        var anonymous = node.NewClient();

        foreach (var page in new[] { "/", "/Transcripts", $"/Transcripts/{transcriptId}", "/Labels", "/Discussion", $"/Taggings/{taggingId}", "/Export" })
        {
            var response = await anonymous.Http.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{page}: {response.StatusCode}");
            Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, (await ada.Http.GetAsync(page)).StatusCode);
        }
        foreach (var api in new[] { $"/api/v1/transcripts/{transcriptId}", $"/api/v1/transcripts/{transcriptId}/taggings", "/api/v1/labels",
                     $"/api/v1/threads?taggingId={taggingId}", "/api/v1/exports/label-counts.csv" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync(api)).StatusCode);
            var withToken = node.BearerClient(token);
            Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync(api)).StatusCode);
        }
        foreach (var open in new[] { "/Account/Login", "/Account/Register", "/css/site.css", "/js/site.js", "/healthz" })
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.Http.GetAsync(open)).StatusCode);
        }
    }

    [Fact]
    public async Task A_rule_set_by_the_environment_wins_and_the_admin_page_cannot_change_it()
    {
        await using var node = NewInstance(("Instance:ReadAccess", "signed-in"));
        var admin = node.NewClient();
        await admin.RegisterAsync("ada@example.org", "Ada");
        var (_, page) = await admin.GetPageAsync("/Admin/Settings");
        Assert.Contains("Instance__ReadAccess=signed-in", page.Body!.TextContent);
        Assert.NotNull(page.QuerySelector("fieldset[disabled] input[value='signed-in']"));

        var change = await admin.PostFormAsync("/Admin/Settings", "/Admin/Settings", new Dictionary<string, string>
        {
            ["readAccess"] = "everyone", ["registration"] = "invitation",
        });
        Assert.Equal(HttpStatusCode.Conflict, change.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await node.NewClient().Http.GetAsync("/Labels")).StatusCode);
    }
}
