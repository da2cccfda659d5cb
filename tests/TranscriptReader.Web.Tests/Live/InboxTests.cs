using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Support.SeedTranscripts;

namespace TranscriptReader.Web.Tests.Live;

/// <summary>Each kind of news lands as exactly one inbox line for the reader it concerns, and for nobody else.</summary>
[Collection(WebCollection.Name)]
public sealed class InboxTests(AppFactory app) : IAsyncLifetime
{
    private const string Text = "I need to think. Preserving my goals matters; training would change them.";
    private long transcriptId;
    private long blockId;
    private ExtraInstance node = null!;
    private HttpClient ada = null!;
    private HttpClient bob = null!;
    private HttpClient cyd = null!;
    private HttpClient cy = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await using (var db = app.CreateDbContext())
        {
            (transcriptId, var blocks) = await AddAsync(db, "Inbox sample", new SeedMessage(MessageRoles.Assistant, null, new SeedBlock(BlockKinds.Reasoning, Text)));
            blockId = blocks[0];
        }
        node = new ExtraInstance(app.Database.ConnectionString, ExtraInstance.UnlimitedRates);
        ada = node.BearerClient((await node.AccountWithTokenAsync("ada@example.org", "Ada")).Token);
        bob = node.BearerClient((await node.AccountWithTokenAsync("bob@example.org", "Bob")).Token);
        cyd = node.BearerClient((await node.AccountWithTokenAsync("cyd@example.org", "Cyd")).Token);
        cy = node.BearerClient((await node.AccountWithTokenAsync("cy@example.org", "Cy")).Token);
    }

    public async Task DisposeAsync() => await node.DisposeAsync();

    private async Task<long> TagAsync(HttpClient writer, string phrase, string label)
    {
        var start = Text.IndexOf(phrase, StringComparison.Ordinal);
        var response = await writer.PostAsJsonAsync("/api/v1/taggings", new { blockId, start, end = start + phrase.Length, quote = phrase, label });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task<long> CommentAsync(HttpClient writer, object body)
    {
        var response = await writer.PostAsJsonAsync("/api/v1/comments", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task<List<JsonElement>> InboxAsync(HttpClient reader) =>
        (await reader.GetFromJsonAsync<JsonElement>("/api/v1/inbox")).EnumerateArray().ToList();

    private async Task AssertOnlyAsync(HttpClient reader, string kind, string summary)
    {
        var line = Assert.Single(await InboxAsync(reader));
        Assert.Equal(kind, line.GetProperty("kind").GetString());
        Assert.Equal(summary, line.GetProperty("summary").GetString());
        Assert.True(line.GetProperty("unread").GetBoolean());
    }

    private async Task AssertEmptyAsync(params HttpClient[] readers)
    {
        foreach (var reader in readers)
        {
            Assert.Empty(await InboxAsync(reader));
        }
    }

    [Fact]
    public async Task A_reply_reaches_the_author_of_the_comment_replied_to()
    {
        var first = await CommentAsync(ada, new { transcriptId, body = "Is this alignment faking?" });
        var reply = await CommentAsync(bob, new { transcriptId, parentId = first, body = "I think so." });

        await AssertOnlyAsync(ada, "reply", "Bob replied to your comment");
        Assert.Equal($"/Comments/{reply}", (await InboxAsync(ada))[0].GetProperty("link").GetString());
        await AssertEmptyAsync(bob, cyd, cy);
    }

    [Fact]
    public async Task A_comment_on_a_tagging_reaches_its_tagger()
    {
        var taggingId = await TagAsync(ada, "my goals", "goal guarding");

        await CommentAsync(bob, new { taggingId, body = "Agreed, goal guarding." });

        await AssertOnlyAsync(ada, "thread", "Bob commented on your tag “goal guarding”");
        await AssertEmptyAsync(bob, cyd, cy);
    }

    [Fact]
    public async Task A_mention_reaches_the_reader_named_exactly_and_not_one_whose_name_starts_the_same()
    {
        await CommentAsync(bob, new { transcriptId, body = "What do you think, @cyd?" });

        await AssertOnlyAsync(cyd, "mention", "Bob mentioned you");
        await AssertEmptyAsync(ada, bob, cy);
    }

    [Fact]
    public async Task A_mention_names_only_the_longest_matching_reader_and_every_mention_in_a_comment_counts()
    {
        var adaTwo = node.BearerClient((await node.AccountWithTokenAsync("ada2@example.org", "Ada Two")).Token);

        await CommentAsync(bob, new { transcriptId, body = "Hello @Ada Two." });
        await AssertOnlyAsync(adaTwo, "mention", "Bob mentioned you");
        await AssertEmptyAsync(ada, bob, cyd, cy);

        await CommentAsync(bob, new { transcriptId, body = "@Cyd first, then @Cy and @cy again." });
        await AssertOnlyAsync(cyd, "mention", "Bob mentioned you");
        await AssertOnlyAsync(cy, "mention", "Bob mentioned you");
        await AssertEmptyAsync(ada, bob);
    }

    [Fact]
    public async Task Disputes_of_a_tagging_are_one_grouped_line_for_its_tagger_however_often_a_vote_changes()
    {
        var taggingId = await TagAsync(ada, "my goals", "goal guarding");

        foreach (var value in new[] { -1, 0, -1, 1, -1 })
        {
            Assert.Equal(HttpStatusCode.OK, (await bob.PostAsJsonAsync($"/api/v1/taggings/{taggingId}/vote", new { value })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await cyd.PostAsJsonAsync($"/api/v1/taggings/{taggingId}/vote", new { value = -1 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cy.PostAsJsonAsync($"/api/v1/taggings/{taggingId}/vote", new { value = 1 })).StatusCode);

        await AssertOnlyAsync(ada, "dispute", "2 readers disputed your tag “goal guarding”");
        Assert.Equal(2, (await InboxAsync(ada))[0].GetProperty("ids").GetArrayLength());
        Assert.Equal(1, (await ada.GetFromJsonAsync<JsonElement>("/api/v1/inbox/unread")).GetProperty("unread").GetInt32());
        await AssertEmptyAsync(bob, cyd, cy);
    }

    [Fact]
    public async Task Another_label_on_the_same_passage_is_a_counter_proposal_for_its_tagger()
    {
        await TagAsync(ada, "my goals", "goal guarding");

        await TagAsync(bob, "my goals", "self preservation");

        await AssertOnlyAsync(ada, "counter", "Bob tagged your passage “goal guarding” with another label");
        await AssertEmptyAsync(bob, cyd, cy);
    }

    [Fact]
    public async Task A_batch_that_counter_proposes_on_several_passages_brings_each_earlier_tagger_one_line()
    {
        await TagAsync(ada, "my goals", "goal guarding");
        await TagAsync(cyd, "training", "goal guarding");
        object Item(string phrase, string label)
        {
            var start = Text.IndexOf(phrase, StringComparison.Ordinal);
            return new { blockId, start, end = start + phrase.Length, quote = phrase, label };
        }

        // Two other labels on Ada's passage are still one proposing reader; a passage nobody tagged is no news.
        var response = await bob.PostAsJsonAsync("/api/v1/taggings/batch", new
        {
            items = new[] { Item("my goals", "self preservation"), Item("training", "self preservation"), Item("my goals", "doubts about setup"), Item("I need to think", "self preservation") },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertOnlyAsync(ada, "counter", "Bob tagged your passage “goal guarding” with another label");
        await AssertOnlyAsync(cyd, "counter", "Bob tagged your passage “goal guarding” with another label");
        await AssertEmptyAsync(bob, cy);
    }

    [Fact]
    public async Task A_tagging_deleted_while_a_statement_counter_proposes_on_it_costs_only_its_own_news()
    {
        var gone = await TagAsync(ada, "my goals", "goal guarding");
        var kept = await TagAsync(ada, "training", "goal guarding");
        await TagAsync(cyd, "I need to think", "self preservation");
        await using var deleting = new NpgsqlConnection(app.Database.ConnectionString);
        await using var tagging = new NpgsqlConnection(app.Database.ConnectionString);
        await deleting.OpenAsync();
        await tagging.OpenAsync();
        await using var delete = await deleting.BeginTransactionAsync();
        await using (var cmd = new NpgsqlCommand($"DELETE FROM taggings WHERE id = {gone}", deleting, delete))
        {
            await cmd.ExecuteNonQueryAsync();
        }

        // Bob's two taggings in one statement: the item about the deleted tagging waits for its row lock and then
        // fails its foreign key once the delete commits.
        var insert = new NpgsqlCommand("""
            INSERT INTO taggings (block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix, created_at, comments_locked)
            SELECT t.block_id, t.transcript_id, l.id, l.name, u.id, t.start, t."end", t.quote, t.prefix, t.suffix, now(), false
            FROM taggings t, labels l, "AspNetUsers" u
            WHERE t.id IN (@gone, @kept) AND l.name = 'self preservation' AND u.email = 'bob@example.org'
            """, tagging);
        insert.Parameters.AddWithValue("gone", gone);
        insert.Parameters.AddWithValue("kept", kept);
        var inserting = insert.ExecuteNonQueryAsync();
        await using (var waiting = new NpgsqlConnection(app.Database.ConnectionString))
        {
            await waiting.OpenAsync();
            await using var blocked = new NpgsqlCommand($"SELECT count(*) FROM pg_stat_activity WHERE pid = {tagging.ProcessID} AND wait_event_type = 'Lock'", waiting);
            for (var i = 0; i < 100 && (long)(await blocked.ExecuteScalarAsync())! == 0; i++)
            {
                await Task.Delay(100);
            }
        }
        await delete.CommitAsync();

        Assert.Equal(2, await inserting);
        var line = Assert.Single(await InboxAsync(ada));
        Assert.Equal("counter", line.GetProperty("kind").GetString());
        Assert.Equal(kept, line.GetProperty("taggingId").GetInt64());
        await insert.DisposeAsync();
    }

    [Fact]
    public async Task A_watched_transcript_brings_every_new_comment_but_the_watchers_own()
    {
        var watch = await cyd.PutAsJsonAsync($"/api/v1/transcripts/{transcriptId}/watch", new { watch = true });
        Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cyd.PutAsJsonAsync("/api/v1/transcripts/987654321/watch", new { watch = true })).StatusCode);

        await CommentAsync(bob, new { transcriptId, body = "A first thought." });
        await CommentAsync(cyd, new { transcriptId, body = "My own note." });

        await AssertOnlyAsync(cyd, "watch", "Bob commented on “Inbox sample”");
        await AssertEmptyAsync(ada, bob, cy);
    }

    [Fact]
    public async Task Lines_are_marked_read_one_by_one_or_all_at_once_and_the_live_badge_follows()
    {
        var (_, adaToken) = (await node.AccountWithTokenAsync("ada2@example.org", "Ada Two"));
        var adaTwo = node.BearerClient(adaToken);
        await using var live = await LiveClient.ConnectAsync(node, adaToken);
        var joined = await live.JoinAsync(transcriptId);
        Assert.Equal(0, joined.GetProperty("unread").GetInt32());
        var taggingId = await TagAsync(adaTwo, "my goals", "goal guarding");

        await CommentAsync(bob, new { taggingId, body = "One." });
        await CommentAsync(cyd, new { transcriptId, body = "Hello @Ada Two." });
        Assert.Equal(2, await live.InboxAsync(n => n == 2));

        var first = (await InboxAsync(adaTwo))[0].GetProperty("ids").EnumerateArray().Select(i => i.GetInt64()).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await adaTwo.PostAsJsonAsync("/api/v1/inbox/read", new { ids = first })).StatusCode);
        Assert.Equal(1, await live.InboxAsync(n => n == 1));
        Assert.Equal(HttpStatusCode.BadRequest, (await adaTwo.PostAsJsonAsync("/api/v1/inbox/read", new { ids = Array.Empty<long>() })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adaTwo.PostAsJsonAsync("/api/v1/inbox/read", new { all = true })).StatusCode);
        Assert.Equal(0, await live.InboxAsync(n => n == 0));
        Assert.All(await InboxAsync(adaTwo), l => Assert.False(l.GetProperty("unread").GetBoolean()));
    }
}
