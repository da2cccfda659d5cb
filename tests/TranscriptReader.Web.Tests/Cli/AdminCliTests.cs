using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Web.Cli;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Cli;

[Collection(WebCollection.Name)]
public sealed class AdminCliTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            var code = await AdminCli.RunAsync(app.Services, args);
            return (code, output.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    [Fact]
    public async Task Create_user_gives_the_role_and_create_token_prints_a_working_token()
    {
        var (code, _) = await RunAsync("create-user", "--email", "mod@example.org", "--password", "a long password", "--role", "moderator");
        Assert.Equal(0, code);
        var roles = await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            return await users.GetRolesAsync((await users.FindByEmailAsync("mod@example.org"))!);
        });
        Assert.Equal(["member", "moderator"], roles.Order());

        var (tokenCode, tokenOutput) = await RunAsync("create-token", "--email", "mod@example.org", "--name", "ci");
        Assert.Equal(0, tokenCode);
        var api = app.NewClient();
        api.UseBearer(tokenOutput.Trim());
        var me = await api.GetJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal("mod", me.GetProperty("name").GetString());
        Assert.Contains("moderator", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Create_user_with_an_unknown_role_fails_without_creating_anything()
    {
        var (code, _) = await RunAsync("create-user", "--email", "x@example.org", "--password", "a long password", "--role", "overlord");
        Assert.NotEqual(0, code);
        await using var db = app.CreateDbContext();
        Assert.Empty(db.Users);
    }

    [Fact]
    public async Task The_logged_in_admin_page_works_for_a_cli_created_admin()
    {
        await RunAsync("create-user", "--email", "root@example.org", "--password", "a long password", "--role", "admin");
        var client = app.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.LoginAsync("root@example.org", "a long password")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/Admin/Users")).StatusCode);
    }
}
