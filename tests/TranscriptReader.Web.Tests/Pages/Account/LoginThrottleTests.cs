using System.Diagnostics;
using System.Net;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Account;

/// <summary>
/// Wrong passwords slow down whoever types them, per address and account, with growing waits; they never lock
/// the account or its tokens, and an unknown email is answered exactly like a known one.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LoginThrottleTests(AppFactory app) : IAsyncLifetime
{
    private const string Stranger = "203.0.113.7";
    private const string Home = "198.51.100.20";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private TestClient From(string address) => TestPeer.From(app.NewClient(), address);

    [Fact]
    public async Task Wrong_passwords_from_a_stranger_slow_the_stranger_not_the_victim_or_their_tokens()
    {
        var victim = From(Home);
        await victim.RegisterAsync("ada@example.org", "Ada");
        var token = await victim.CreateTokenAsync();

        var stranger = From(Stranger);
        for (var i = 1; i <= 5; i++)
        {
            var wrong = await stranger.LoginAsync("ada@example.org", "wrong password " + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("Wrong email or password", await wrong.Content.ReadAsStringAsync());
        }
        var throttled = await stranger.LoginAsync("ada@example.org", "wrong password 6");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var retryAfter = int.Parse(throttled.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 3600);
        // The message says for how long.
        Assert.Matches(@"Try again in \d+ (seconds|minutes)", await throttled.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await From(Home).LoginAsync("ada@example.org")).StatusCode);
        var api = app.NewClient();
        api.UseBearer(token);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/api/v1/me")).StatusCode);
        await using var db = app.CreateDbContext();
        Assert.Null(db.Users.Single().LockoutEnd);
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answers_as_a_known_one()
    {
        await From(Home).RegisterAsync("ada@example.org", "Ada");
        async Task<List<(HttpStatusCode, string)>> TryAsync(string email, string address)
        {
            var client = From(address);
            var answers = new List<(HttpStatusCode, string)>();
            for (var i = 0; i < 7; i++)
            {
                var response = await client.LoginAsync(email, "wrong password");
                var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
                answers.Add((response.StatusCode, doc.QuerySelector(".errors")?.TextContent.Trim() ?? ""));
            }
            return answers;
        }

        var known = await TryAsync("ada@example.org", "203.0.113.8");
        var unknown = await TryAsync("nobody@example.org", "203.0.113.9");

        Assert.Equal(known.Select(a => a.Item1), unknown.Select(a => a.Item1));
        Assert.Equal(known.Select(a => a.Item2), unknown.Select(a => a.Item2));
        Assert.DoesNotContain(known, a => a.Item1 == HttpStatusCode.Locked);
    }

    [Fact]
    public async Task An_unknown_email_costs_as_long_as_a_known_one()
    {
        await From(Home).RegisterAsync("ada@example.org", "Ada");
        async Task<double> MedianMsAsync(string email, string address)
        {
            var client = From(address);
            await client.AntiforgeryTokenAsync("/Account/Login");
            var times = new List<double>();
            for (var i = 0; i < 4; i++)
            {
                var watch = Stopwatch.StartNew();
                var response = await client.LoginAsync(email, "wrong password");
                times.Add(watch.Elapsed.TotalMilliseconds);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            return times.Order().ElementAt(times.Count / 2);
        }

        var known = await MedianMsAsync("ada@example.org", "203.0.113.10");
        var unknown = await MedianMsAsync("nobody@example.org", "203.0.113.11");

        // Both hash a password; without the dummy hash an unknown email answered in a small fraction of the time.
        Assert.True(unknown > known * 0.5, $"unknown email {unknown:F1} ms vs known {known:F1} ms");
    }

    [Fact]
    public async Task One_address_trying_many_accounts_is_slowed_down()
    {
        var stranger = From(Stranger);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await stranger.LoginAsync($"guess{i}@example.org", "password1234")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await stranger.LoginAsync("guess20@example.org", "password1234")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await From(Home).LoginAsync("guess21@example.org", "password1234")).StatusCode);
    }

    [Fact]
    public async Task An_admin_unlock_gives_a_throttled_reader_their_sign_in_back()
    {
        var admin = From(Home);
        await admin.RegisterAsync("ada@example.org", "Ada");
        await From("198.51.100.30").RegisterAsync("bob@example.org", "Bob");
        var bob = From("198.51.100.30");
        for (var i = 0; i < 5; i++)
        {
            await bob.LoginAsync("bob@example.org", "typo typo typo");
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await bob.LoginAsync("bob@example.org")).StatusCode);

        var (_, users) = await admin.GetPageAsync("/Admin/Users");
        var bobRow = users.QuerySelectorAll("tr").Single(r => r.TextContent.Contains("bob@example.org", StringComparison.Ordinal));
        Assert.Contains("locked", bobRow.TextContent);
        var bobId = bobRow.QuerySelector("input[name=userId]")!.GetAttribute("value")!;
        var unlock = await admin.PostFormAsync("/Admin/Users", "/Admin/Users?handler=Unlock", new Dictionary<string, string> { ["userId"] = bobId });
        Assert.Equal(HttpStatusCode.Redirect, unlock.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await bob.LoginAsync("bob@example.org")).StatusCode);
    }
}
