using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Web.Tests.Pages.Discussion;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Account;

/// <summary>Password resets (an admin's link, or by email through a real SMTP server), renaming and deleting one's own account.</summary>
[Collection(WebCollection.Name)]
public sealed partial class AccountLifecycleTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static Task<HttpResponseMessage> ResetAsync(TestClient client, string token, string password) =>
        client.PostFormAsync("/Account/Login", "/Account/ResetPassword", new Dictionary<string, string>
        {
            ["Token"] = token, ["Data.Password"] = password, ["Data.Confirm"] = password,
        });

    [GeneratedRegex(@"token=([A-Za-z0-9_%\-]+)")]
    private static partial Regex TokenInLink();

    [Fact]
    public async Task An_admins_reset_link_works_once_and_ends_the_readers_sessions()
    {
        var admin = app.NewClient();
        await admin.RegisterAsync("ada@example.org", "Ada");
        var bob = app.NewClient();
        await bob.RegisterAsync("bob@example.org", "Bob");
        var bobId = await DiscussionData.UserIdAsync(app.CreateDbContext, "bob@example.org");
        string stampBefore;
        await using (var db = app.CreateDbContext())
        {
            stampBefore = (await db.Users.SingleAsync(u => u.Id == bobId)).SecurityStamp!;
        }

        var made = await admin.PostFormAsync("/Admin/Users", "/Admin/Users?handler=ResetLink", new Dictionary<string, string> { ["userId"] = bobId });
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var token = Uri.UnescapeDataString(TokenInLink().Match(await made.Content.ReadAsStringAsync()).Groups[1].Value);

        var (form, doc) = await app.NewClient().GetPageAsync("/Account/ResetPassword?token=" + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("Bob", doc.QuerySelector("main")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await ResetAsync(app.NewClient(), token, "a brand new passphrase")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await app.NewClient().LoginAsync("bob@example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().LoginAsync("bob@example.org", "a brand new passphrase")).StatusCode);
        var again = await ResetAsync(app.NewClient(), token, "yet another passphrase");
        Assert.Contains("already used", await again.Content.ReadAsStringAsync());
        await using var check = app.CreateDbContext();
        Assert.NotEqual(stampBefore, (await check.Users.SingleAsync(u => u.Id == bobId)).SecurityStamp);
        Assert.DoesNotContain(await check.PasswordResets.Select(r => r.TokenHash).ToListAsync(), h => h == token);
        Assert.Contains("password.reset-link", await check.AuditEntries.Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task A_reset_by_email_arrives_through_smtp_and_unknown_addresses_get_the_same_answer()
    {
        await using var smtp = new TestMailServer();
        await using var node = new ExtraInstance(app.Database.ConnectionString, new Dictionary<string, string>
        {
            ["Mail:SmtpHost"] = "127.0.0.1", ["Mail:SmtpPort"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Security"] = "none", ["Mail:From"] = "TranscriptReader <reader@example.org>", ["Mail:PublicUrl"] = "https://reader.example.org",
        });
        await node.NewClient().RegisterAsync("ada@example.org", "Ada");
        var (login, _) = await node.NewClient().GetPageAsync("/Account/Login");
        Assert.Contains("/Account/ForgotPassword", await login.Content.ReadAsStringAsync());

        var unknown = await node.NewClient().PostFormAsync("/Account/ForgotPassword", "/Account/ForgotPassword", new Dictionary<string, string> { ["Email"] = "nobody@example.org" });
        var known = await node.NewClient().PostFormAsync("/Account/ForgotPassword", "/Account/ForgotPassword", new Dictionary<string, string> { ["Email"] = "ada@example.org" });
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Contains("If an account uses that address", await unknown.Content.ReadAsStringAsync());
        Assert.Contains("If an account uses that address", await known.Content.ReadAsStringAsync());

        var mail = await smtp.NextAsync(TimeSpan.FromSeconds(20));
        Assert.NotNull(mail);
        Assert.Equal("ada@example.org", mail.To.Mailboxes.Single().Address);
        var body = mail.TextBody ?? "";
        Assert.Contains("https://reader.example.org/Account/ResetPassword?token=", body);
        Assert.Null(await smtp.NextAsync(TimeSpan.FromSeconds(1)));

        var token = Uri.UnescapeDataString(TokenInLink().Match(body).Groups[1].Value);
        Assert.Equal(HttpStatusCode.Redirect, (await ResetAsync(node.NewClient(), token, "a brand new passphrase")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await node.NewClient().LoginAsync("ada@example.org", "a brand new passphrase")).StatusCode);
    }

    [Fact]
    public async Task Without_mail_there_is_no_forgot_password_page()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.NewClient().Http.GetAsync("/Account/ForgotPassword")).StatusCode);
    }

    [Fact]
    public async Task A_reader_changes_their_display_name_but_not_to_a_taken_or_reserved_one()
    {
        var ada = app.NewClient();
        await ada.RegisterAsync("ada@example.org", "Ada");
        await app.NewClient().RegisterAsync("bob@example.org", "Bob");
        Task<HttpResponseMessage> RenameAsync(string name) =>
            ada.PostFormAsync("/Account/Manage", "/Account/Manage?handler=ChangeName", new Dictionary<string, string> { ["displayName"] = name });

        Assert.Equal(HttpStatusCode.Conflict, (await RenameAsync("bob")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await RenameAsync("Deleted reader")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await RenameAsync("Ada Lovelace")).StatusCode);

        var (_, page) = await ada.GetPageAsync("/Account/Manage");
        Assert.Contains("Ada Lovelace", page.QuerySelector("header")!.TextContent);
        Assert.Contains("\"Ada Lovelace\"", await ada.Http.GetStringAsync("/api/v1/me"));
    }

    [Fact]
    public async Task Deleting_an_account_keeps_its_contributions_as_by_a_deleted_reader()
    {
        var admin = app.NewClient();
        await admin.RegisterAsync("ada@example.org", "Ada");
        var bob = app.NewClient();
        await bob.RegisterAsync("bob@example.org", "Bob");
        var bobId = await DiscussionData.UserIdAsync(app.CreateDbContext, "bob@example.org");
        var (transcriptId, taggingId) = await DiscussionData.SeedAsync(app.CreateDbContext, bobId);
        var token = await bob.CreateTokenAsync();
        await DiscussionData.PostCommentAsync(bob, ThreadKey.ForTagging(taggingId), "Bob's view of this passage");
        Assert.Contains("Bob", await app.NewClient().Http.GetStringAsync($"/Transcripts/{transcriptId}"));

        Task<HttpResponseMessage> DeleteAsync(string password) =>
            bob.PostFormAsync("/Account/Manage", "/Account/Manage?handler=Delete", new Dictionary<string, string> { ["deletePassword"] = password });
        Assert.Equal(HttpStatusCode.BadRequest, (await DeleteAsync("not my password")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await DeleteAsync("correct horse battery")).StatusCode);

        var thread = await app.NewClient().Http.GetStringAsync($"/Taggings/{taggingId}");
        Assert.Contains(DeletedReaders.DisplayName, thread);
        Assert.Contains("Bob's view of this passage", thread);
        var transcript = await app.NewClient().Http.GetStringAsync($"/Transcripts/{transcriptId}");
        Assert.Contains(DeletedReaders.DisplayName, transcript);
        Assert.DoesNotContain(">Bob<", transcript);
        var export = await admin.Http.GetStringAsync("/api/v1/exports/taggings.csv");
        Assert.Contains(DeletedReaders.DisplayName, export);
        Assert.DoesNotContain("Bob", export.Replace("Bob's", "", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, (await app.NewClient().LoginAsync("bob@example.org")).StatusCode);
        var api = app.NewClient();
        api.UseBearer(token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Http.GetAsync("/api/v1/me")).StatusCode);
        await using var db = app.CreateDbContext();
        var row = await db.Users.SingleAsync(u => u.Id == bobId);
        Assert.Null(row.Email);
        Assert.Null(row.PasswordHash);
        Assert.Empty(await db.UserRoles.Where(r => r.UserId == bobId).ToListAsync());
        Assert.Equal(1, await db.Taggings.CountAsync(t => t.UserId == bobId));
        // A new reader can take the name Bob again; nobody can take the deleted reader's name.
        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().RegisterAsync("bob2@example.org", "Bob")).StatusCode);
    }

    [Fact]
    public async Task The_only_admin_cannot_delete_their_account()
    {
        var admin = app.NewClient();
        await admin.RegisterAsync("ada@example.org", "Ada");
        var refused = await admin.PostFormAsync("/Account/Manage", "/Account/Manage?handler=Delete", new Dictionary<string, string> { ["deletePassword"] = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("only admin", await refused.Content.ReadAsStringAsync());
    }
}
