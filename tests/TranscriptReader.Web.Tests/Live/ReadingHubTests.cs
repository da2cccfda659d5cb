using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Support.SeedTranscripts;

namespace TranscriptReader.Web.Tests.Live;

/// <summary>
/// The live hub on real app instances over one PostgreSQL: writes made anywhere reach joined readers on every
/// instance with the version the page now shows; bad input gets an error or a disconnect, never a crashed node.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ReadingHubTests(AppFactory app) : IAsyncLifetime
{
    private const string Text = "I need to think. Preserving my goals matters; training would change them.";
    private long transcriptId;
    private long blockId;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await using var db = app.CreateDbContext();
        (transcriptId, var blocks) = await AddAsync(db, "Live sample",
            new SeedMessage(MessageRoles.Assistant, null, new SeedBlock(BlockKinds.Reasoning, Text)));
        blockId = blocks[0];
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private ExtraInstance Node(IReadOnlyDictionary<string, string>? settings = null) =>
        new(app.Database.ConnectionString, settings ?? ExtraInstance.UnlimitedRates);

    private async Task<long> TagAsync(HttpClient writer, string phrase, string label)
    {
        var start = Text.IndexOf(phrase, StringComparison.Ordinal);
        var response = await writer.PostAsJsonAsync("/api/v1/taggings", new { blockId, start, end = start + phrase.Length, quote = phrase, label });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task<JsonElement> PageJsonAsync(ExtraInstance node, string url)
    {
        var (_, doc) = await node.NewClient().GetPageAsync(url);
        return JsonDocument.Parse(doc.GetElementById("tr-page")!.TextContent).RootElement;
    }

    [Fact]
    public async Task A_tagging_applied_through_one_instance_reaches_a_reader_on_the_other_with_the_version_its_page_now_shows()
    {
        await using var one = Node();
        await using var two = Node();
        var (_, token) = await two.AccountWithTokenAsync("ada@example.org", "Ada");
        await using var reader = await LiveClient.ConnectAsync(one);
        var joined = await reader.JoinAsync(transcriptId);
        var before = joined.GetProperty("pageVersion").GetInt64();
        Assert.Equal(before, (await PageJsonAsync(one, $"/Transcripts/{transcriptId}")).GetProperty("pageVersion").GetInt64());

        var taggingId = await TagAsync(two.BearerClient(token), "my goals", "goal guarding");

        var announced = await reader.NextPageVersionAsync(transcriptId, before);
        var (_, page) = await one.NewClient().GetPageAsync($"/Transcripts/{transcriptId}");
        Assert.NotNull(page.GetElementById($"tag-{taggingId}"));
        Assert.Equal(announced, JsonDocument.Parse(page.GetElementById("tr-page")!.TextContent).RootElement.GetProperty("pageVersion").GetInt64());
    }

    [Fact]
    public async Task Writers_on_one_transcript_committing_out_of_order_still_bring_readers_to_the_committed_version()
    {
        // Two slots exist, as after two writers met once (a writer adding a slot waits for another adding the same).
        await using (var conn = new NpgsqlConnection(app.Database.ConnectionString))
        {
            await conn.OpenAsync();
            await using var slots = new NpgsqlCommand($"INSERT INTO page_version_slots VALUES ({transcriptId}, 0, page_clock()), ({transcriptId}, 1, page_clock())", conn);
            await slots.ExecuteNonQueryAsync();
        }
        await using var node = Node();
        await using var reader = await LiveClient.ConnectAsync(node);
        var v0 = (await reader.JoinAsync(transcriptId)).GetProperty("pageVersion").GetInt64();
        // Two writers hold different page-version slots at once; each notification names the version its own
        // transaction saw, so the one committing last can name a lower version than one already announced.
        await using var first = await OpenWriterAsync();
        await using var second = await OpenWriterAsync();
        await first.TouchAsync(transcriptId);
        await second.TouchAsync(transcriptId);
        await second.CommitAsync();
        var heard = await reader.NextPageVersionAsync(transcriptId, v0);
        await first.CommitAsync();

        var committed = await CommittedVersionAsync();
        Assert.True(committed > heard, $"{committed} > {heard}");
        Assert.Equal(committed, await reader.NextPageVersionAsync(transcriptId, heard));
    }

    private async Task<long> CommittedVersionAsync()
    {
        await using var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT transcript_page_version({transcriptId})", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<SlotWriter> OpenWriterAsync()
    {
        var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        return new SlotWriter(conn, await conn.BeginTransactionAsync());
    }

    /// <summary>A write in progress: what every tagging, vote and comment trigger does, left uncommitted.</summary>
    private sealed record SlotWriter(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async Task TouchAsync(long transcript)
        {
            await using var cmd = new NpgsqlCommand($"SELECT touch_transcript_pages(ARRAY[{transcript}]::bigint[])", Connection, Transaction);
            await cmd.ExecuteNonQueryAsync();
        }

        public Task CommitAsync() => Transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task Votes_and_comments_are_announced_and_other_transcripts_readers_hear_nothing()
    {
        await using var node = Node();
        await using var db = app.CreateDbContext();
        var (otherId, _) = await AddAsync(db, "Other", new SeedMessage(MessageRoles.User, null, new SeedBlock(BlockKinds.Text, "Hello.")));
        var (_, token) = await node.AccountWithTokenAsync("ada@example.org", "Ada");
        var writer = node.BearerClient(token);
        var taggingId = await TagAsync(writer, "my goals", "goal guarding");
        // A tagger cannot vote on their own tagging: another reader agrees.
        var (_, voterToken) = await node.AccountWithTokenAsync("bo@example.org", "Bo");
        var voter = node.BearerClient(voterToken);
        await using var reader = await LiveClient.ConnectAsync(node);
        await using var elsewhere = await LiveClient.ConnectAsync(node);
        var v0 = (await reader.JoinAsync(transcriptId)).GetProperty("pageVersion").GetInt64();
        await elsewhere.JoinAsync(otherId);

        Assert.Equal(HttpStatusCode.OK, (await voter.PostAsJsonAsync($"/api/v1/taggings/{taggingId}/vote", new { value = 1 })).StatusCode);
        var v1 = await reader.NextPageVersionAsync(transcriptId, v0);
        Assert.Equal(HttpStatusCode.Created, (await writer.PostAsJsonAsync("/api/v1/comments", new { taggingId, body = "Agreed." })).StatusCode);
        await reader.NextPageVersionAsync(transcriptId, v1);

        Assert.False(elsewhere.HeardPage(transcriptId));
    }

    [Fact]
    public async Task An_unknown_transcript_or_a_malformed_argument_is_an_error_and_the_connection_stays_usable()
    {
        await using var node = Node();
        await using var reader = await LiveClient.ConnectAsync(node);

        var unknown = await Assert.ThrowsAsync<HubException>(() => reader.JoinAsync(987654321));
        Assert.Contains("no transcript 987654321", unknown.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => reader.Connection.InvokeAsync<JsonElement>("Join", "not a number"));
        await Assert.ThrowsAsync<HubException>(() => reader.Connection.InvokeAsync<JsonElement>("NoSuchMethod", 1));

        var joined = await reader.JoinAsync(transcriptId);
        Assert.Equal(transcriptId, joined.GetProperty("transcriptId").GetInt64());
    }

    [Fact]
    public async Task A_connection_that_floods_the_hub_is_disconnected_and_the_node_keeps_serving()
    {
        await using var node = Node(new Dictionary<string, string>(ExtraInstance.UnlimitedRates) { ["Live:MessageBurst"] = "5", ["Live:MessagesPerSecond"] = "1" });
        await using var flooder = await LiveClient.ConnectAsync(node);

        var calls = Enumerable.Range(0, 30).Select(_ => flooder.JoinAsync(transcriptId)).ToList();
        await Task.WhenAll(calls.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
        await flooder.WaitClosedAsync();

        Assert.Contains(calls, c => c.Status != TaskStatus.RanToCompletion);
        await using var polite = await LiveClient.ConnectAsync(node);
        Assert.Equal(transcriptId, (await polite.JoinAsync(transcriptId)).GetProperty("transcriptId").GetInt64());
    }

    [Fact]
    public async Task Connections_per_reader_are_capped()
    {
        await using var node = Node(new Dictionary<string, string>(ExtraInstance.UnlimitedRates) { ["Live:MaxConnectionsPerUser"] = "2" });
        var (_, token) = await node.AccountWithTokenAsync("ada@example.org", "Ada");
        await using var first = await LiveClient.ConnectAsync(node, token);
        await using var second = await LiveClient.ConnectAsync(node, token);

        await using var third = await LiveClient.ConnectAsync(node, token);
        await third.WaitClosedAsync();

        Assert.Contains("Too many live connections", third.ClosedWith!.Message, StringComparison.Ordinal);
        await first.JoinAsync(transcriptId);
        // Another reader has a cap of their own.
        var (_, other) = await node.AccountWithTokenAsync("bob@example.org", "Bob");
        await using var bob = await LiveClient.ConnectAsync(node, other);
        await bob.JoinAsync(transcriptId);
    }

    [Fact]
    public async Task On_a_signed_in_only_instance_anonymous_readers_get_no_live_connection()
    {
        await using var node = Node(new Dictionary<string, string>(ExtraInstance.UnlimitedRates) { ["Instance:ReadAccess"] = "signed-in" });

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => LiveClient.ConnectAsync(node));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var (_, token) = await node.AccountWithTokenAsync("ada@example.org", "Ada");
        await using var reader = await LiveClient.ConnectAsync(node, token);
        await reader.JoinAsync(transcriptId);
    }

    [Fact]
    public async Task Presence_names_signed_in_readers_and_counts_anonymous_ones_across_instances()
    {
        await using var one = Node();
        await using var two = Node();
        var (_, ada) = await one.AccountWithTokenAsync("ada@example.org", "Ada");
        await using var adaLive = await LiveClient.ConnectAsync(one, ada);
        await adaLive.JoinAsync(transcriptId);
        await using var adaSecondTab = await LiveClient.ConnectAsync(one, ada);
        await adaSecondTab.JoinAsync(transcriptId);

        await using var anonymous = await LiveClient.ConnectAsync(two);
        await anonymous.JoinAsync(transcriptId);

        var seen = await adaLive.PresenceAsync(p => p.GetProperty("count").GetInt32() == 2);
        Assert.Equal(1, seen.GetProperty("anonymous").GetInt32());
        Assert.Equal("Ada", Assert.Single(seen.GetProperty("names").EnumerateArray()).GetString());

        await anonymous.DisposeAsync();
        await adaLive.PresenceAsync(p => p.GetProperty("count").GetInt32() == 1);
    }

    [Fact]
    public async Task After_its_listen_connection_is_dropped_a_node_reconnects_and_readers_catch_up()
    {
        await using var node = Node();
        await using var reader = await LiveClient.ConnectAsync(node);
        var v0 = (await reader.JoinAsync(transcriptId)).GetProperty("pageVersion").GetInt64();

        await using (var admin = new NpgsqlConnection(app.Database.ConnectionString))
        {
            await admin.OpenAsync();
            // Kill the listener and write while it is away: the notification of this write is never delivered to it.
            await using var cut = new NpgsqlCommand("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'transcriptreader-listen';
                UPDATE transcripts SET title = 'Renamed while the node was deaf' WHERE id = @id;
                """, admin);
            cut.Parameters.AddWithValue("id", transcriptId);
            await cut.ExecuteNonQueryAsync();
        }

        var caughtUp = await reader.NextPageVersionAsync(transcriptId, v0, seconds: 20);
        Assert.Equal(caughtUp, (await PageJsonAsync(node, $"/Transcripts/{transcriptId}")).GetProperty("pageVersion").GetInt64());
    }
}
