using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Web.Cli;

/// <summary>
/// <c>scripts/run admin ...</c>: account and database chores for self-hosters, run against the same
/// database the app uses, whether or not the app is running.
/// </summary>
public static class AdminCli
{
    public static bool IsAdminCommand(string[] args) => args.Length > 0 && args[0] == "admin";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var email = new Option<string>("--email") { Description = "The account's email address", Required = true };
        var password = new Option<string>("--password") { Description = "At least 10 characters", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name (default: the part of the email before @)" };
        var role = new Option<string>("--role") { Description = "admin, moderator or member", DefaultValueFactory = _ => Roles.Member };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var createUser = new Command("create-user", "Create an account with a role") { email, password, name, role };
        createUser.SetAction((parse, ct) => WithScope(services, sp => CreateUserAsync(sp,
            parse.GetValue(email)!, parse.GetValue(password)!, parse.GetValue(name), parse.GetValue(role)!, ct)));

        var tokenEmail = new Option<string>("--email") { Description = "The account that owns the token", Required = true };
        var tokenName = new Option<string>("--name") { Description = "What the token is for", Required = true };
        var createToken = new Command("create-token", "Create a personal access token and print it") { tokenEmail, tokenName };
        createToken.SetAction((parse, ct) => WithScope(services, sp => CreateTokenAsync(sp,
            parse.GetValue(tokenEmail)!, parse.GetValue(tokenName)!, ct)));

        var resetEmail = new Option<string>("--email") { Description = "The account whose password is reset", Required = true };
        var resetLink = new Command("reset-link", "Print a one-time password-reset link path (valid 72 hours)") { resetEmail };
        resetLink.SetAction((parse, ct) => WithScope(services, sp => ResetLinkAsync(sp, parse.GetValue(resetEmail)!, ct)));

        var inviteRole = new Option<string>("--role") { Description = "Role granted: member, moderator or admin", DefaultValueFactory = _ => Roles.Member };
        inviteRole.AcceptOnlyFromAmong([.. Roles.All]);
        var inviteUses = new Option<int>("--uses") { Description = "How many accounts may use it", DefaultValueFactory = _ => 1 };
        var inviteDays = new Option<int>("--days") { Description = "Days until it expires", DefaultValueFactory = _ => 7 };
        var inviteBy = new Option<string>("--by") { Description = "Email of the admin or moderator it is made on behalf of", Required = true };
        var invite = new Command("invite", "Print a new invite link path") { inviteRole, inviteUses, inviteDays, inviteBy };
        invite.SetAction((parse, ct) => WithScope(services, sp => InviteAsync(sp, parse.GetValue(inviteBy)!,
            new InvitationRequest(parse.GetValue(inviteRole)!, parse.GetValue(inviteUses), parse.GetValue(inviteDays), "admin CLI"), ct)));

        var migrate = new Command("migrate", "Apply pending database migrations");
        migrate.SetAction((_, ct) => WithScope(services, async sp =>
        {
            var pending = await DbSetup.MigrateAsync(sp.GetRequiredService<AppDbContext>(), ct);
            Console.WriteLine(pending.Count == 0 ? "Database is up to date." : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
            return 0;
        }));

        var root = new RootCommand("TranscriptReader administration") { createUser, createToken, resetLink, invite, migrate };
        return await root.Parse(args).InvokeAsync();
    }

    private static async Task<int> WithScope(IServiceProvider services, Func<IServiceProvider, Task<int>> action)
    {
        using var scope = services.CreateScope();
        try
        {
            return await action(scope.ServiceProvider);
        }
        catch (Npgsql.NpgsqlException e)
        {
            await Console.Error.WriteLineAsync($"Database error: {e.Message}");
            return 3;
        }
    }

    private static async Task<int> CreateUserAsync(IServiceProvider sp, string email, string password, string? name, string role, CancellationToken ct)
    {
        var accounts = sp.GetRequiredService<AccountService>();
        var displayName = string.IsNullOrWhiteSpace(name) ? email.Split('@')[0] : name;
        var (user, errors) = await accounts.CreateAsync(email, displayName, password, role, ct);
        if (user is null)
        {
            await Console.Error.WriteLineAsync("Could not create the user:\n  " + string.Join("\n  ", errors));
            return 1;
        }
        Console.WriteLine($"Created {role} '{user.UserName}' <{user.Email}> (id {user.Id}).");
        return 0;
    }

    private static async Task<int> CreateTokenAsync(IServiceProvider sp, string email, string name, CancellationToken ct)
    {
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            await Console.Error.WriteLineAsync($"No account with email {email}.");
            return 1;
        }
        var token = await sp.GetRequiredService<ApiTokenService>().CreateAsync(user.Id, name, ct);
        Console.WriteLine(token.Secret);
        return 0;
    }

    private static async Task<int> ResetLinkAsync(IServiceProvider sp, string email, CancellationToken ct)
    {
        var user = await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        if (user is null)
        {
            await Console.Error.WriteLineAsync($"No account with email {email}.");
            return 1;
        }
        var outcome = await sp.GetRequiredService<PasswordResets>().CreateByAdminAsync(user.Id, user.Id, ct);
        if (!outcome.TryGet(out var secret, out var failure))
        {
            await Console.Error.WriteLineAsync(failure.Message);
            return 1;
        }
        Console.WriteLine("/Account/ResetPassword?token=" + Uri.EscapeDataString(secret));
        return 0;
    }

    private static async Task<int> InviteAsync(IServiceProvider sp, string byEmail, InvitationRequest request, CancellationToken ct)
    {
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var actor = await users.FindByEmailAsync(byEmail);
        if (actor is null || !(await users.IsInRoleAsync(actor, Roles.Admin) || await users.IsInRoleAsync(actor, Roles.Moderator)))
        {
            await Console.Error.WriteLineAsync($"No admin or moderator with email {byEmail}.");
            return 1;
        }
        var outcome = await sp.GetRequiredService<Invitations>().CreateAsync(actor.Id, await users.IsInRoleAsync(actor, Roles.Admin), request, ct);
        if (!outcome.TryGet(out var created, out var failure))
        {
            await Console.Error.WriteLineAsync(failure.Message);
            return 1;
        }
        Console.WriteLine("/Account/Register?invite=" + Uri.EscapeDataString(created.Secret));
        return 0;
    }
}
