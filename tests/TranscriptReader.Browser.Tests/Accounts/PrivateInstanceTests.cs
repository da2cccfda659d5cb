using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Browser.Tests.Accounts;

/// <summary>
/// Invitations, password resets, renaming, deleting and the access settings, clicked through in Chromium with
/// the Content-Security-Policy on, at desktop and phone width.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PrivateInstanceTests(BrowserApp app)
{
    private const string Password = "correct horse battery";

    [GeneratedRegex(@"/Account/(Register\?invite|ResetPassword\?token)=")]
    private static partial Regex LinkPattern();

    private async Task<string> CreateAdminAsync(string tag) => await app.WithScopeAsync(async sp =>
    {
        var (user, errors) = await sp.GetRequiredService<AccountService>().CreateAsync($"admin-{tag}@example.org", $"Admin {tag}", Password, Roles.Admin);
        return user?.Email ?? throw new InvalidOperationException(string.Join("; ", errors));
    });

    private static async Task LoginAsync(BrowserSession session, string email, string password = Password)
    {
        await session.Page.GotoAsync("/Account/Login");
        await session.Page.FillAsync("input[name='Data.Email']", email);
        await session.Page.FillAsync("input[name='Data.Password']", password);
        await session.Page.ClickAsync("main form button[type=submit]");
        await session.Page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    private static async Task ShotAsync(BrowserSession session, string name, int width)
    {
        var folder = Environment.GetEnvironmentVariable("TR_SCREENSHOTS");
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
            await session.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true });
        }
    }

    private static async Task AssertFitsAsync(BrowserSession session, string where)
    {
        var wide = await session.Page.EvaluateAsync<string[]>("""
            () => document.documentElement.scrollWidth <= window.innerWidth ? [] :
              Array.from(document.querySelectorAll("body *"))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right))
            """);
        Assert.True(wide.Length == 0, $"{where} overflows sideways: {string.Join(", ", wide)}");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task An_invited_reader_registers_resets_renames_and_deletes_their_account(int width)
    {
        var tag = width.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var adminEmail = await CreateAdminAsync(tag);
        await using var admin = await app.NewSessionAsync(width);
        await LoginAsync(admin, adminEmail);

        await admin.Page.GotoAsync("/Invitations");
        await admin.Page.SelectOptionAsync("select[name='Data.Role']", "moderator");
        await admin.Page.FillAsync("input[name='Data.Note']", "Tuesday group " + tag);
        await admin.Page.ClickAsync("main form button[type=submit]");
        var invite = await admin.Page.InputValueAsync("input.token-secret");
        Assert.Matches(LinkPattern(), invite);
        await AssertFitsAsync(admin, "/Invitations");
        await ShotAsync(admin, "invitations", width);

        await using var reader = await app.NewSessionAsync(width);
        await reader.Page.GotoAsync(invite);
        Assert.Contains("invited as moderator", await reader.Page.TextContentAsync("main"));
        await ShotAsync(reader, "register-invited", width);
        await reader.Page.FillAsync("input[name='Data.Email']", $"invited-{tag}@example.org");
        await reader.Page.FillAsync("input[name='Data.DisplayName']", $"Invited {tag}");
        await reader.Page.FillAsync("input[name='Data.Password']", Password);
        await reader.Page.FillAsync("input[name='Data.ConfirmPassword']", Password);
        await reader.Page.ClickAsync("main form button[type=submit]");
        await reader.Page.WaitForURLAsync(url => !url.Contains("/Account/Register", StringComparison.Ordinal));
        Assert.Contains("Invite", await reader.Page.TextContentAsync("nav"));

        await admin.Page.GotoAsync("/Invitations");
        Assert.Contains($"Invited {tag}", await admin.Page.TextContentAsync("table"));

        // The admin makes a reset link; the reader follows it in a fresh browser.
        await admin.Page.GotoAsync("/Admin/Users");
        var row = admin.Page.Locator("tr", new PageLocatorOptions { HasText = $"invited-{tag}@example.org" });
        await row.Locator("button", new LocatorLocatorOptions { HasText = "Reset link" }).ClickAsync();
        var resetLink = await admin.Page.InputValueAsync("input.token-secret");
        await AssertFitsAsync(admin, "/Admin/Users");
        await ShotAsync(admin, "admin-users-reset-link", width);

        await using var resetting = await app.NewSessionAsync(width);
        await resetting.Page.GotoAsync(resetLink);
        await ShotAsync(resetting, "reset-password", width);
        await resetting.Page.FillAsync("input[name='Data.Password']", "a brand new passphrase");
        await resetting.Page.FillAsync("input[name='Data.Confirm']", "a brand new passphrase");
        await resetting.Page.ClickAsync("main form button[type=submit]");
        await resetting.Page.WaitForURLAsync(url => url.Contains("/Account/Login", StringComparison.Ordinal));
        await LoginAsync(resetting, $"invited-{tag}@example.org", "a brand new passphrase");

        await resetting.Page.GotoAsync("/Account/Manage");
        await resetting.Page.FillAsync("input[name='displayName']", $"Renamed {tag}");
        await resetting.Page.ClickAsync("#profile button[type=submit]");
        await resetting.Page.WaitForSelectorAsync(".flash");
        Assert.Contains($"Renamed {tag}", await resetting.Page.TextContentAsync("header.site-header"));
        await AssertFitsAsync(resetting, "/Account/Manage");
        await ShotAsync(resetting, "account-manage", width);

        await resetting.Page.FillAsync("input[name='deletePassword']", "a brand new passphrase");
        await resetting.Page.ClickAsync("#delete button[type=submit]");
        await resetting.Page.WaitForSelectorAsync(".flash");
        Assert.Contains("deleted", await resetting.Page.TextContentAsync(".flash"));
        Assert.Contains("Log in", await resetting.Page.TextContentAsync("header.site-header"));

        foreach (var session in new[] { admin, reader, resetting })
        {
            Assert.Empty(session.CspViolations);
            Assert.Empty(session.ServerErrors);
            Assert.Empty(session.Dialogs);
        }
    }

    [Fact]
    public async Task Switching_to_signed_in_reading_sends_visitors_to_log_in_and_back()
    {
        var adminEmail = await CreateAdminAsync("settings");
        await using var admin = await app.NewSessionAsync();
        await LoginAsync(admin, adminEmail);
        await admin.Page.GotoAsync("/Admin/Settings");
        Assert.True(await admin.Page.IsDisabledAsync("input[name='registration'][value='open']"));
        await ShotAsync(admin, "admin-settings", 1280);
        try
        {
            await admin.Page.CheckAsync("input[name='readAccess'][value='signed-in']");
            await admin.Page.ClickAsync("main form button[type=submit]");
            await admin.Page.WaitForSelectorAsync(".flash");

            await using var visitor = await app.NewSessionAsync(390);
            await visitor.Page.GotoAsync("/Labels");
            Assert.Contains("/Account/Login", visitor.Page.Url);
            await ShotAsync(visitor, "login-signed-in-only", 390);
            Assert.Empty(visitor.CspViolations);
        }
        finally
        {
            await admin.Page.GotoAsync("/Admin/Settings");
            await admin.Page.CheckAsync("input[name='readAccess'][value='everyone']");
            await admin.Page.ClickAsync("main form button[type=submit]");
            await admin.Page.WaitForSelectorAsync(".flash");
        }
        await using var later = await app.NewSessionAsync();
        await later.Page.GotoAsync("/Labels");
        Assert.Contains("/Labels", later.Page.Url);
        Assert.Empty(admin.CspViolations);
    }

    [Fact]
    public async Task The_transcript_page_runs_its_scripts_under_the_policy_and_no_response_names_the_server()
    {
        long transcriptId;
        await using (var db = app.CreateDbContext())
        {
            var transcript = new Transcript { Title = "CSP check", Source = "csp.txt", Format = "plain", ContentHash = Guid.NewGuid().ToString("N") };
            db.Transcripts.Add(transcript);
            await db.SaveChangesAsync();
            var message = new Message { Role = MessageRoles.Assistant, TranscriptId = transcript.Id };
            message.Blocks.Add(new Block { Kind = BlockKinds.Text, Text = "A passage to read under the policy.", TranscriptId = transcript.Id });
            db.Messages.Add(message);
            await db.SaveChangesAsync();
            transcriptId = transcript.Id;
        }
        await using var session = await app.NewSessionAsync();
        var headers = new List<Dictionary<string, string>>();
        session.Page.Response += (_, response) => headers.Add(response.Headers);
        var page = await session.Page.GotoAsync($"/Transcripts/{transcriptId}");
        Assert.Contains("script-src 'self'", page!.Headers["content-security-policy"]);
        Assert.True(await session.Page.EvaluateAsync<bool>("() => document.documentElement.classList.contains('js')"));
        Assert.NotEmpty(headers);
        Assert.All(headers, h => Assert.False(h.ContainsKey("server"), "a response names the server"));
        Assert.Empty(session.CspViolations);
    }
}
