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

        var migrate = new Command("migrate", "Apply pending database migrations");
        migrate.SetAction((_, ct) => WithScope(services, async sp =>
        {
            var pending = await DbSetup.MigrateAsync(sp.GetRequiredService<AppDbContext>(), ct);
            Console.WriteLine(pending.Count == 0 ? "Database is up to date." : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
            return 0;
        }));

        var root = new RootCommand("TranscriptReader administration") { createUser, createToken, migrate };
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
}
