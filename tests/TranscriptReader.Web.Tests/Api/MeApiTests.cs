using System.Net;
using System.Text.Json;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Api;

[Collection(WebCollection.Name)]
public sealed class MeApiTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_token_authenticates_me_and_a_revoked_one_gets_401()
    {
        var owner = app.NewClient();
        await owner.RegisterAsync("ada@example.org", "Ada");
        var secret = await owner.CreateTokenAsync("notebook");
        Assert.StartsWith("trpat_", secret);

        var api = app.NewClient();
        api.UseBearer(secret);
        var me = await api.GetJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal("Ada", me.GetProperty("name").GetString());
        Assert.Equal(["admin", "member"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        await using (var db = app.CreateDbContext())
        {
            var tokenId = db.ApiTokens.Single().Id;
            var revoke = await owner.PostFormAsync("/Account/Manage", "/Account/Manage?handler=RevokeToken",
                new Dictionary<string, string> { ["tokenId"] = tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        }
        var after = await api.Http.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("application/problem+json", after.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Me_without_credentials_is_401_problem_details_not_a_redirect()
    {
        var response = await app.NewClient().Http.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(401, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_made_up_token_gets_401()
    {
        var api = app.NewClient();
        api.UseBearer("trpat_not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Http.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Me_with_the_session_cookie_works_too()
    {
        var client = app.NewClient();
        await client.RegisterAsync("ada@example.org", "Ada");
        var me = await client.GetJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal("ada@example.org", me.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Unknown_api_route_is_a_json_404()
    {
        var response = await app.NewClient().Http.GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
