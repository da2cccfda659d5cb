using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Support.SeedTranscripts;

namespace TranscriptReader.Web.Tests.Api;

[Collection(WebCollection.Name)]
public sealed class TaggingApiTests(AppFactory app) : IAsyncLifetime
{
    private const string Reasoning = "I need to think. Preserving my goals 🎯 matters; training would change them.";
    private long transcriptId;
    private long reasoningBlock;
    private long outputBlock;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        // The first account becomes admin: register it here so the readers below are plain members.
        await app.NewClient().RegisterAsync("admin@example.org", "Admin");
        await using var db = app.CreateDbContext();
        (transcriptId, var blocks) = await AddAsync(db, "AF sample",
            new SeedMessage(MessageRoles.User, null, new SeedBlock(BlockKinds.Text, "Please help.")),
            new SeedMessage(MessageRoles.Assistant, null,
                new SeedBlock(BlockKinds.Reasoning, Reasoning), new SeedBlock(BlockKinds.Output, "Okay.")));
        reasoningBlock = blocks[1];
        outputBlock = blocks[2];
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<TestClient> ReaderAsync(string name)
    {
        var client = app.NewClient();
        await client.RegisterAsync($"{name.ToLowerInvariant()}@example.org", name);
        var token = await client.AntiforgeryTokenAsync($"/Transcripts/{transcriptId}");
        client.Http.DefaultRequestHeaders.Add("X-CSRF-TOKEN", token);
        return client;
    }

    private object Body(int start, int end, string? quote, object label, long? block = null) =>
        new { blockId = block ?? reasoningBlock, start, end, quote, label };

    private (int Start, int End) Find(string phrase)
    {
        var start = Reasoning.IndexOf(phrase, StringComparison.Ordinal);
        return (start, start + phrase.Length);
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string fragment)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(fragment, (await JsonOf(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<long> ApplyAsync(TestClient client, string phrase, string label)
    {
        var (s, e) = Find(phrase);
        var response = await client.Http.PostAsJsonAsync("/api/v1/taggings", Body(s, e, phrase, label));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonOf(response)).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Applying_a_new_label_returns_201_with_the_trimmed_span_and_the_label()
    {
        var ada = await ReaderAsync("Ada");
        var (s, e) = Find(" my goals 🎯 ");
        var response = await ada.Http.PostAsJsonAsync("/api/v1/taggings", Body(s, e, " my goals 🎯 ", "goal guarding"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await JsonOf(response);
        Assert.Equal("my goals 🎯", json.GetProperty("quote").GetString());
        Assert.Equal(s + 1, json.GetProperty("start").GetInt32());
        Assert.Equal(e - 1, json.GetProperty("end").GetInt32());
        Assert.Equal("goal guarding", json.GetProperty("label").GetString());
        Assert.True(json.GetProperty("created").GetBoolean());
        Assert.Equal($"/api/v1/taggings/{json.GetProperty("id").GetInt64()}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Applying_the_same_label_to_the_same_span_again_is_200_and_one_row()
    {
        var ada = await ReaderAsync("Ada");
        var first = await ApplyAsync(ada, "my goals", "goal guarding");
        var (s, e) = Find("my goals");
        var labelId = await LabelIdAsync("goal guarding");
        var again = await ada.Http.PostAsJsonAsync("/api/v1/taggings", Body(s, e, null, labelId));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var json = await JsonOf(again);
        Assert.Equal(first, json.GetProperty("id").GetInt64());
        Assert.False(json.GetProperty("created").GetBoolean());
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Taggings.CountAsync());
    }

    private async Task<int> LabelIdAsync(string name)
    {
        await using var db = app.CreateDbContext();
        return await db.Labels.Where(l => l.Name == name).Select(l => l.Id).SingleAsync();
    }

    [Fact]
    public async Task A_quote_that_does_not_match_the_offsets_is_a_400_problem()
    {
        var ada = await ReaderAsync("Ada");
        var (s, e) = Find("my goals");
        var response = await ada.Http.PostAsJsonAsync("/api/v1/taggings", Body(s + 1, e + 1, "my goals", "x"));
        await AssertProblem(response, HttpStatusCode.BadRequest, "does not match");
        await using var db = app.CreateDbContext();
        Assert.False(await db.Taggings.AnyAsync());
        Assert.False(await db.Labels.AnyAsync());
    }

    [Fact]
    public async Task Offsets_beyond_the_block_are_refused_so_a_selection_cannot_run_into_the_next_block()
    {
        var ada = await ReaderAsync("Ada");
        var crossing = await ada.Http.PostAsJsonAsync("/api/v1/taggings", Body(Reasoning.Length - 5, Reasoning.Length + 4, null, "x"));
        await AssertProblem(crossing, HttpStatusCode.BadRequest, "outside the block");
        var otherBlock = await ada.Http.PostAsJsonAsync("/api/v1/taggings", Body(0, 20, null, "x", outputBlock));
        await AssertProblem(otherBlock, HttpStatusCode.BadRequest, "outside the block");
        var negative = await ada.Http.PostAsJsonAsync("/api/v1/taggings", Body(-2, 3, null, "x"));
        await AssertProblem(negative, HttpStatusCode.BadRequest, "outside the block");
        var halfEmoji = Reasoning.IndexOf("🎯", StringComparison.Ordinal);
        var cut = await ada.Http.PostAsJsonAsync("/api/v1/taggings", Body(halfEmoji - 6, halfEmoji + 1, null, "x"));
        await AssertProblem(cut, HttpStatusCode.BadRequest, "emoji");
        var noBlock = await ada.Http.PostAsJsonAsync("/api/v1/taggings", Body(0, 3, null, "x", 999_999));
        await AssertProblem(noBlock, HttpStatusCode.BadRequest, "no block");
        await using var db = app.CreateDbContext();
        Assert.False(await db.Taggings.AnyAsync());
    }

    [Fact]
    public async Task Malformed_json_is_400_problem_details_not_500()
    {
        var ada = await ReaderAsync("Ada");
        var response = await ada.Http.PostAsync("/api/v1/taggings", new StringContent("{\"blockId\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Anonymous_writes_are_401_and_anonymous_reads_work()
    {
        var ada = await ReaderAsync("Ada");
        var id = await ApplyAsync(ada, "my goals", "goal guarding");
        var anonymous = app.NewClient();
        var (s, e) = Find("my goals");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.PostAsJsonAsync("/api/v1/taggings", Body(s, e, null, "x"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.PostAsJsonAsync($"/api/v1/taggings/{id}/vote", new { value = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.DeleteAsync($"/api/v1/taggings/{id}")).StatusCode);

        var list = await anonymous.GetJsonAsync<JsonElement>($"/api/v1/transcripts/{transcriptId}/taggings");
        var only = Assert.Single(list.EnumerateArray());
        Assert.Equal("my goals", only.GetProperty("quote").GetString());
        Assert.Equal("Ada", only.GetProperty("user").GetString());
        Assert.Equal("goal guarding", only.GetProperty("label").GetString());
        Assert.StartsWith("#", only.GetProperty("color").GetString(), StringComparison.Ordinal);
        Assert.Equal("Preserving ", only.GetProperty("prefix").GetString()![^11..]);
        Assert.Equal("proposed", only.GetProperty("status").GetString());

        var missing = await anonymous.Http.GetAsync("/api/v1/transcripts/999999/taggings");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Cookie_write_without_the_csrf_header_is_refused_and_a_bearer_token_needs_none()
    {
        var client = app.NewClient();
        await client.RegisterAsync("ada@example.org", "Ada");
        var (s, e) = Find("my goals");
        var refused = await client.Http.PostAsJsonAsync("/api/v1/taggings", Body(s, e, null, "x"));
        await AssertProblem(refused, HttpStatusCode.BadRequest, "antiforgery");

        var secret = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TranscriptReader.Core.Data.AppDbContext>();
            var userId = await db.Users.Where(u => u.Email == "ada@example.org").Select(u => u.Id).SingleAsync();
            return (await sp.GetRequiredService<ApiTokenService>().CreateAsync(userId, "script")).Secret;
        });
        var script = app.NewClient();
        script.UseBearer(secret);
        var created = await script.Http.PostAsJsonAsync("/api/v1/taggings", Body(s, e, "my goals", "goal guarding"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await JsonOf(created)).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await script.Http.DeleteAsync($"/api/v1/taggings/{id}")).StatusCode);
    }

    [Fact]
    public async Task Votes_are_one_per_reader_changeable_removable_and_set_the_status()
    {
        var ada = await ReaderAsync("Ada");
        var bob = await ReaderAsync("Bob");
        var cy = await ReaderAsync("Cy");
        var id = await ApplyAsync(ada, "my goals", "goal guarding");

        async Task<JsonElement> Vote(TestClient c, int value, HttpStatusCode expected = HttpStatusCode.OK)
        {
            var r = await c.Http.PostAsJsonAsync($"/api/v1/taggings/{id}/vote", new { value });
            Assert.Equal(expected, r.StatusCode);
            return await JsonOf(r);
        }
        static string Summary(JsonElement j) =>
            $"{j.GetProperty("agrees").GetInt32()}/{j.GetProperty("disputes").GetInt32()}/{j.GetProperty("myVote").GetInt32()}/{j.GetProperty("status").GetString()}";

        Assert.Equal("1/0/1/proposed", Summary(await Vote(bob, 1)));
        Assert.Equal("1/0/1/proposed", Summary(await Vote(bob, 1)));
        Assert.Equal("2/0/1/accepted", Summary(await Vote(cy, 1)));
        Assert.Equal("1/1/-1/contested", Summary(await Vote(cy, -1)));
        Assert.Equal("1/0/0/proposed", Summary(await Vote(cy, 0)));
        await Vote(cy, 5, HttpStatusCode.BadRequest);
        // The tagger's own vote is refused: it would let one more account accept anything.
        Assert.Contains("your own tag", (await Vote(ada, 1, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("1/0/0/proposed", Summary(await Vote(ada, 0)));
        var unknown = await bob.Http.PostAsJsonAsync("/api/v1/taggings/987654/vote", new { value = 1 });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Votes.CountAsync());
        var list = await cy.GetJsonAsync<JsonElement>($"/api/v1/transcripts/{transcriptId}/taggings");
        Assert.Equal(1, list[0].GetProperty("agrees").GetInt32());
        Assert.Equal(0, list[0].GetProperty("myVote").GetInt32());
    }

    [Fact]
    public async Task A_member_cannot_delete_another_readers_tagging_but_a_moderator_can_and_it_is_audited()
    {
        var ada = await ReaderAsync("Ada");
        var bob = await ReaderAsync("Bob");
        await app.NewClient().RegisterAsync("mo@example.org", "Mo");
        await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            return await users.AddToRoleAsync((await users.FindByEmailAsync("mo@example.org"))!, Roles.Moderator);
        });
        // Roles are read at sign-in, so the moderator signs in after the grant.
        var mod = app.NewClient();
        await mod.LoginAsync("mo@example.org");
        mod.Http.DefaultRequestHeaders.Add("X-CSRF-TOKEN", await mod.AntiforgeryTokenAsync($"/Transcripts/{transcriptId}"));
        var id = await ApplyAsync(ada, "my goals", "goal guarding");

        await AssertProblem(await bob.Http.DeleteAsync($"/api/v1/taggings/{id}"), HttpStatusCode.Forbidden, "moderator");
        Assert.Equal(HttpStatusCode.NoContent, (await mod.Http.DeleteAsync($"/api/v1/taggings/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mod.Http.DeleteAsync($"/api/v1/taggings/{id}")).StatusCode);

        await using var db = app.CreateDbContext();
        Assert.False(await db.Taggings.AnyAsync());
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == "tagging.delete");
        Assert.Equal(await db.Users.Where(u => u.Email == "mo@example.org").Select(u => u.Id).SingleAsync(), entry.ActorId);
        Assert.Contains("my goals", entry.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_deletes_their_own_tagging_without_an_audit_entry()
    {
        var ada = await ReaderAsync("Ada");
        var id = await ApplyAsync(ada, "my goals", "goal guarding");
        Assert.Equal(HttpStatusCode.NoContent, (await ada.Http.DeleteAsync($"/api/v1/taggings/{id}")).StatusCode);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Taggings.AnyAsync());
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == "tagging.delete"));
    }

    [Fact]
    public async Task The_openapi_document_lists_the_tagging_routes()
    {
        var doc = await app.NewClient().Http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/taggings/{id}/vote", doc, StringComparison.Ordinal);
        Assert.Contains("/api/v1/transcripts/{id}/taggings", doc, StringComparison.Ordinal);
    }
}
