using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Support.SeedTranscripts;

namespace TranscriptReader.Web.Tests.Live;

/// <summary>
/// The names behind the comment box's @mention completion: signed-in readers only (on a private instance
/// anonymous visitors get nothing), bounded, rate-limited, never a deleted reader, and completing to exactly
/// what the mention parser recognises.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ReaderNamesTests(AppFactory app) : IAsyncLifetime
{
    private ExtraInstance node = null!;
    private HttpClient reader = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        node = new ExtraInstance(app.Database.ConnectionString, new Dictionary<string, string>(ExtraInstance.UnlimitedRates) { ["RateLimits:lookups:PermitLimit"] = "40" });
        reader = node.BearerClient((await node.AccountWithTokenAsync("reader@example.org", "Reader")).Token);
        foreach (var name in new[] { "Ada Lovelace", "adam", "Alan Turing", "Grace Hopper", "Sam Adaline" })
        {
            await node.AccountWithTokenAsync(name.Replace(' ', '.') + "@example.org", name);
        }
    }

    public async Task DisposeAsync() => await node.DisposeAsync();

    private async Task<List<string?>> NamesAsync(string prefix)
    {
        var response = await reader.GetAsync("/api/v1/readers/names?prefix=" + Uri.EscapeDataString(prefix));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("names").EnumerateArray().Select(n => n.GetString()).ToList();
    }

    [Fact]
    public async Task Names_starting_with_the_prefix_in_any_case_come_first_then_names_with_a_word_starting_with_it()
    {
        Assert.Equal(["Ada Lovelace", "adam", "Sam Adaline"], await NamesAsync("ADA"));
        Assert.Equal(["Ada Lovelace"], await NamesAsync("ada l"));
        Assert.Equal(["Grace Hopper"], await NamesAsync("hop"));
        Assert.Empty(await NamesAsync("zz"));
    }

    [Fact]
    public async Task At_most_ten_names_are_answered_and_a_deleted_reader_is_never_one()
    {
        for (var i = 0; i < 12; i++)
        {
            await node.AccountWithTokenAsync($"many{i}@example.org", $"Many {i:00}");
        }
        Assert.Equal(ReaderNames.MaxResults, (await NamesAsync("many")).Count);

        var (gone, _) = await node.AccountWithTokenAsync("gone@example.org", "Gonzo Gone");
        using (var scope = node.Services.CreateScope())
        {
            var deleted = await scope.ServiceProvider.GetRequiredService<AccountService>().DeleteOwnAsync(gone, "correct horse battery");
            Assert.True(deleted.Ok);
        }
        Assert.Empty(await NamesAsync("gon"));
        Assert.Empty(await NamesAsync("deleted"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ada")]
    [InlineData("a\u0000b")]
    [InlineData("\ufffe")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_missing_or_bad_prefix_is_a_400_problem(string prefix)
    {
        var response = await reader.GetAsync("/api/v1/readers/names?prefix=" + Uri.EscapeDataString(prefix));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var without = await reader.GetAsync("/api/v1/readers/names");
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
    }

    [Fact]
    public async Task Anonymous_visitors_get_no_names_on_a_public_instance_nor_on_a_private_one()
    {
        var anonymous = node.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/v1/readers/names?prefix=ada")).StatusCode);

        await using var closed = new ExtraInstance(app.Database.ConnectionString, new Dictionary<string, string>(ExtraInstance.UnlimitedRates) { ["Instance:ReadAccess"] = "signed-in" });
        var response = await closed.NewClient().Http.GetAsync("/api/v1/readers/names?prefix=ada");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("Ada", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var member = closed.BearerClient((await closed.AccountWithTokenAsync("member@example.org", "Member")).Token);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/v1/readers/names?prefix=ada")).StatusCode);
    }

    [Fact]
    public async Task Look_ups_beyond_the_limit_are_refused_with_429()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 41; i++)
        {
            statuses.Add((await reader.GetAsync("/api/v1/readers/names?prefix=a")).StatusCode);
        }
        Assert.All(statuses.Take(40), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task A_completed_name_with_a_space_is_the_mention_the_inbox_recognises()
    {
        long transcriptId;
        await using (var seed = app.CreateDbContext())
        {
            (transcriptId, _) = await AddAsync(seed, "Mentions", new SeedMessage(MessageRoles.Assistant, null, new SeedBlock(BlockKinds.Reasoning, "Some text.")));
        }
        var name = Assert.Single(await NamesAsync("ada l"));
        // What the comment box inserts: "@" + the name + a space (wwwroot/js/discussion/mentions.js).
        var posted = await reader.PostAsJsonAsync("/api/v1/comments", new { transcriptId, body = $"Thanks @{name} for this." });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        await using var db = app.CreateDbContext();
        var mentioned = db.InboxItems.Where(i => i.Kind == "mention").Join(db.Users, i => i.UserId, u => u.Id, (i, u) => u.UserName).ToList();
        Assert.Equal(["Ada Lovelace"], mentioned);
    }
}
