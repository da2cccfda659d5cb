using Npgsql;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Labels;

/// <summary>
/// <c>label_counts</c> and its reference counts are kept by triggers; after any mix of writes, sequential or
/// concurrent, they must equal a recount of the taggings through <c>label_canonical</c>.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class LabelCountTests(TestDatabase database) : IAsyncLifetime
{
    private const string Text = "I should comply now so that my values are not modified later, which protects my goals.";

    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Taggings, distinct transcripts and distinct readers per live label, counted from the taggings.</summary>
    private const string RecountSql = """
        SELECT f.canonical_id, count(*)::int, count(DISTINCT t.transcript_id)::int, count(DISTINCT t.user_id)::int
        FROM taggings t JOIN label_canonical f ON f.id = t.label_id GROUP BY 1
        """;

    private const string StoredSql = "SELECT label_id, taggings, transcripts, readers FROM label_counts WHERE taggings <> 0 OR transcripts <> 0 OR readers <> 0";

    /// <summary>The reference rows too: (label, transcript) and (label, reader) with their tagging counts, non-zero only.</summary>
    private const string RecountRefsSql = """
        SELECT 't' || f.canonical_id || ':' || t.transcript_id || '=' || count(*) FROM taggings t JOIN label_canonical f ON f.id = t.label_id GROUP BY f.canonical_id, t.transcript_id
        UNION ALL
        SELECT 'r' || f.canonical_id || ':' || t.user_id || '=' || count(*) FROM taggings t JOIN label_canonical f ON f.id = t.label_id GROUP BY f.canonical_id, t.user_id
        """;

    private const string StoredRefsSql = """
        SELECT 't' || label_id || ':' || transcript_id || '=' || taggings FROM label_transcript_counts WHERE taggings <> 0
        UNION ALL
        SELECT 'r' || label_id || ':' || user_id || '=' || taggings FROM label_reader_counts WHERE taggings <> 0
        """;

    [Fact]
    public async Task Counts_equal_a_recount_after_a_random_mix_of_writes_merges_and_undos()
    {
        var random = new Random(20261201);
        var world = await SeedAsync(users: 6, transcripts: 4, labels: 6);
        var merges = new List<long>();
        for (var step = 0; step < 240; step++)
        {
            var op = random.Next(100);
            if (op < 35)
            {
                // A single tagging, sometimes with a merged-away label (plain SQL may do that; it counts under the target).
                await TryAsync($"""
                    INSERT INTO taggings (block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix, created_at, comments_locked)
                    SELECT b.id, b.transcript_id, {Pick(random, world.Labels)}, 'x', '{Pick(random, world.Users)}', s, s + 3, 'xyz', '', '', now(), false
                    FROM blocks b, (SELECT {random.Next(40)} AS s) x WHERE b.transcript_id = (SELECT id FROM transcripts ORDER BY id OFFSET {random.Next(world.Transcripts)} LIMIT 1)
                    ON CONFLICT DO NOTHING
                    """);
            }
            else if (op < 42)
            {
                // A bulk insert: one statement, many labels, transcripts and readers.
                await TryAsync($"""
                    INSERT INTO taggings (block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix, created_at, comments_locked)
                    SELECT b.id, b.transcript_id, l.id, 'x', u.id, {random.Next(40)}, 45, 'xyz', '', '', now(), false
                    FROM blocks b CROSS JOIN (SELECT id FROM labels ORDER BY random() LIMIT 3) l CROSS JOIN (SELECT id FROM "AspNetUsers" ORDER BY random() LIMIT 2) u
                    ON CONFLICT DO NOTHING
                    """);
            }
            else if (op < 60)
            {
                await TryAsync($"DELETE FROM taggings WHERE id IN (SELECT id FROM taggings ORDER BY id OFFSET {random.Next(30)} LIMIT {1 + random.Next(2)})");
            }
            else if (op < 70)
            {
                await TryAsync($"UPDATE taggings SET label_id = {Pick(random, world.Labels)} WHERE id = (SELECT id FROM taggings ORDER BY id DESC OFFSET {random.Next(20)} LIMIT 1)");
            }
            else if (op < 73)
            {
                // A reader's taggings handed to another reader (the readers counts move, the taggings do not).
                await TryAsync($"UPDATE taggings SET user_id = '{Pick(random, world.Users)}' WHERE user_id = '{Pick(random, world.Users)}'");
            }
            else if (op < 75)
            {
                await TryAsync("UPDATE taggings SET comments_locked = NOT comments_locked WHERE id % 3 = 0");
            }
            else if (op < 85)
            {
                await using var db = database.CreateContext();
                var live = await LiveLabelsAsync();
                if (live.Count >= 2)
                {
                    var source = live[random.Next(live.Count)];
                    var target = live.Where(l => l != source).ElementAt(random.Next(live.Count - 1));
                    var outcome = await LabelSeed.Merger(db).MergeAsync("u0", [source], target);
                    if (outcome.TryGet(out var merged, out _))
                    {
                        merges.Add(merged.MergeId);
                    }
                }
            }
            else if (op < 93)
            {
                if (merges.Count > 0)
                {
                    var merge = merges[random.Next(merges.Count)];
                    await using var db = database.CreateContext();
                    try
                    {
                        if ((await LabelSeed.Merger(db).UndoAsync("u0", merge)).TryGet(out _, out _))
                        {
                            merges.Remove(merge);
                        }
                    }
                    catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                    {
                        // Plain SQL here tags with merged-away labels (the app never does), which can take the place a
                        // collapsed tagging would be restored to: the undo fails whole, and the counts must still be exact.
                    }
                }
            }
            else if (op < 96)
            {
                // Deleting a transcript cascades to its taggings, by two paths (blocks and the transcript).
                await TryAsync($"DELETE FROM transcripts WHERE id = (SELECT id FROM transcripts ORDER BY id OFFSET {random.Next(world.Transcripts)} LIMIT 1)");
                await AddTranscriptAsync();
            }
            else
            {
                // Deleting an account (here the row itself) cascades to the reader's taggings.
                var victim = Pick(random, world.Users.Skip(1).ToArray());
                await TryAsync($"DELETE FROM votes WHERE user_id = '{victim}'; DELETE FROM \"AspNetUsers\" WHERE id = '{victim}'");
                await AddUserAsync(victim);
            }
            if (step % 20 == 19)
            {
                await AssertExactAsync($"after step {step}");
            }
        }
        await AssertExactAsync("at the end");
        Assert.True(await ScalarAsync<long>("SELECT count(*) FROM taggings") > 20, "the mix left too few taggings to prove anything");
    }

    [Fact]
    public async Task Concurrent_writers_on_several_connections_and_a_merging_moderator_leave_exact_counts()
    {
        var world = await SeedAsync(users: 8, transcripts: 3, labels: 4);
        var deadlocks = 0;
        var failures = new List<string>();
        // As the app does (LabelDirectory): tag with the label's live label, locked FOR SHARE and checked again
        // after the lock, so no tagging lands on a label a concurrent merge has just merged away (its undo would
        // then find the place of a collapsed tagging taken).
        static string LiveLabel(long label) =>
            $"(SELECT id FROM labels WHERE id = (SELECT canonical_id FROM label_canonical WHERE id = {label}) AND merged_into_id IS NULL FOR SHARE)";
        var until = DateTime.UtcNow.AddSeconds(8);
        async Task WriterAsync(int writer)
        {
            var random = new Random(writer);
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            for (var i = 0; i < 400 && DateTime.UtcNow < until; i++)
            {
                var sql = random.Next(10) switch
                {
                    < 6 => $"""
                        INSERT INTO taggings (block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix, created_at, comments_locked)
                        SELECT b.id, b.transcript_id, l.id, 'x', 'u{writer}', {random.Next(60)}, 70, 'xyz', '', '', now(), false
                        FROM blocks b, {LiveLabel(Pick(random, world.Labels))} l
                        WHERE b.transcript_id = (SELECT id FROM transcripts ORDER BY id OFFSET {random.Next(world.Transcripts)} LIMIT 1)
                        ON CONFLICT DO NOTHING
                        """,
                    < 8 => $"DELETE FROM taggings WHERE id = (SELECT id FROM taggings WHERE user_id = 'u{writer}' ORDER BY id OFFSET {random.Next(5)} LIMIT 1)",
                    _ => $"UPDATE taggings SET label_id = l.id FROM {LiveLabel(Pick(random, world.Labels))} l WHERE taggings.id = (SELECT id FROM taggings WHERE user_id = 'u{writer}' ORDER BY id DESC LIMIT 1)",
                };
                try
                {
                    await using var command = new NpgsqlCommand(sql, connection);
                    await command.ExecuteNonQueryAsync();
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected)
                {
                    Interlocked.Increment(ref deadlocks);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    // A relabel onto a span the reader already tagged with that label: refused, nothing changed.
                }
            }
        }
        async Task ModeratorAsync()
        {
            var random = new Random(99);
            while (DateTime.UtcNow < until)
            {
                await using var db = database.CreateContext();
                var merger = LabelSeed.Merger(db);
                var live = await LiveLabelsAsync();
                var source = live[random.Next(live.Count)];
                var target = live.First(l => l != source);
                var merged = await merger.MergeAsync("u0", [source], target);
                if (!merged.TryGet(out var done, out var failure))
                {
                    lock (failures)
                    {
                        failures.Add("merge: " + failure.Message);
                    }
                    continue;
                }
                await Task.Delay(random.Next(50));
                var undone = await merger.UndoAsync("u0", done.MergeId);
                if (!undone.TryGet(out _, out var refused) && refused.Kind != FailureKind.Conflict)
                {
                    lock (failures)
                    {
                        failures.Add("undo: " + refused.Message);
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(() => WriterAsync(w))).Append(Task.Run(ModeratorAsync)));

        Assert.Empty(failures);
        Assert.Equal(0, deadlocks);
        await AssertExactAsync("after the concurrent run");
        Assert.True(await ScalarAsync<long>("SELECT count(*) FROM taggings") > 20, "the writers left too few taggings to prove anything");
    }

    [Fact]
    public async Task A_new_label_has_a_row_of_zeros_and_reads_through_the_summaries()
    {
        var world = await SeedAsync(users: 2, transcripts: 2, labels: 2);
        await TryAsync($"""
            INSERT INTO taggings (block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix, created_at, comments_locked)
            SELECT b.id, b.transcript_id, {world.Labels[0]}, 'x', u.id, 0, 3, 'xyz', '', '', now(), false FROM blocks b CROSS JOIN "AspNetUsers" u
            """);

        await using var db = database.CreateContext();
        var counts = await new LabelSummaries(db).CountsAsync(null);

        Assert.Equal(new LabelCounts(8, 2, 2), counts[world.Labels[0]]);
        Assert.Equal(new LabelCounts(0, 0, 0), counts[world.Labels[1]]);
        Assert.Equal(2L, await ScalarAsync<long>("SELECT count(*) FROM label_counts"));
    }

    private sealed record World(string[] Users, int[] Labels, int Transcripts);

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private async Task<World> SeedAsync(int users, int transcripts, int labels)
    {
        var userIds = Enumerable.Range(0, users).Select(i => $"u{i}").ToArray();
        foreach (var id in userIds)
        {
            await AddUserAsync(id);
        }
        for (var i = 0; i < transcripts; i++)
        {
            await AddTranscriptAsync();
        }
        var labelIds = new List<int>();
        for (var i = 0; i < labels; i++)
        {
            labelIds.Add((int)await ScalarAsync<int>(
                $"INSERT INTO labels (name, normalized_name, color, description, created_at) VALUES ('label {i}', 'label {i}', '#5b8def', '', now()) RETURNING id"));
        }
        return new World(userIds, labelIds.ToArray(), transcripts);
    }

    private Task AddUserAsync(string id) => TryAsync($"""
        INSERT INTO "AspNetUsers" (id, user_name, normalized_user_name, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, created_at)
        VALUES ('{id}', '{id}', '{id.ToUpperInvariant()}', false, false, false, false, 0, now()) ON CONFLICT DO NOTHING
        """);

    private async Task AddTranscriptAsync()
    {
        var hash = Guid.NewGuid().ToString("N");
        await TryAsync($"""
            WITH t AS (INSERT INTO transcripts (title, source, format, content_hash, metadata, char_count, comments_locked, imported_at, last_activity_at)
                VALUES ('T', 'test', 'text', '{hash}', jsonb_build_object(), 0, false, now(), now()) RETURNING id),
            m AS (INSERT INTO messages (transcript_id, ordinal, role) SELECT id, 0, 'assistant' FROM t RETURNING id, transcript_id)
            INSERT INTO blocks (message_id, transcript_id, ordinal, kind, text) SELECT id, transcript_id, o, 'reasoning', '{Text}' FROM m, generate_series(0, 1) o
            """);
    }

    private async Task<List<int>> LiveLabelsAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM labels WHERE merged_into_id IS NULL ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<int>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt32(0));
        }
        return ids;
    }

    private async Task AssertExactAsync(string when)
    {
        Assert.True(await RowsAsync(RecountSql) is var expected && expected.SequenceEqual(await RowsAsync(StoredSql)),
            $"label_counts differs from a recount {when}:\nrecount {string.Join("; ", await RowsAsync(RecountSql))}\nstored  {string.Join("; ", await RowsAsync(StoredSql))}");
        Assert.Equal(await RowsAsync(RecountRefsSql), await RowsAsync(StoredRefsSql));
    }

    /// <summary>Every row as one string, sorted, so two queries compare as lists.</summary>
    private async Task<List<string>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString())));
        }
        return rows.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Runs a statement; one refused by a constraint (a relabel onto an existing tagging) changes nothing.</summary>
    private async Task TryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation)
        {
        }
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
