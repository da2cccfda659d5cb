using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Labels;

namespace TranscriptReader.Bench;

/// <summary>
/// Issue 6's figure: merging a label with 100,000 taggings into one with 50,000, of which 10,000
/// collapse (the same reader has both labels on the same span), must take under 2 s.
/// </summary>
public static class MergeBench
{
    private const int SourceTaggings = 100_000;
    private const int TargetTaggings = 50_000;
    private const int Collapsing = 10_000;
    private const int Blocks = 100;
    private const int Readers = 1_000;

    /// <summary>What <see cref="MeasureAsync"/> saw: each merge and each undo, in order.</summary>
    public sealed record Figures(IReadOnlyList<double> MergeSeconds, IReadOnlyList<double> UndoSeconds, double ReferenceUpdateSeconds, int Moved, int Collapsed);

    public static async Task RunAsync(string connectionString)
    {
        var f = await MeasureAsync(connectionString, runs: 3);
        Console.WriteLine($"reference: plain UPDATE of the source's 100,000 label_ids (rolled back) {f.ReferenceUpdateSeconds:F2} s");
        Console.WriteLine($"merge: {f.Moved:N0} moved, {f.Collapsed:N0} collapsed; runs {string.Join(", ", f.MergeSeconds.Select(x => x.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))} s (target < 2 s)");
        Console.WriteLine($"undo: runs {string.Join(", ", f.UndoSeconds.Select(x => x.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))} s");
    }

    /// <summary>
    /// Seeds the scenario once, then merges and undoes <paramref name="runs"/> times: an undo restores the
    /// exact prior state, so every merge starts from the same data.
    /// </summary>
    public static async Task<Figures> MeasureAsync(string connectionString, int runs)
    {
        const string database = "tr_bench_merge";
        var cs = await BenchDatabase.RecreateAsync(connectionString, database);
        try
        {
            var (source, target, moderator) = await SeedAsync(cs);
            var baseline = await BareUpdateSecondsAsync(cs, source);
            var merges = new List<double>();
            var undos = new List<double>();
            MergeResult? merged = null;
            for (var run = 0; run < runs; run++)
            {
                await using var context = DbSetup.CreateContext(cs);
                var merger = new LabelMerger(context, new AuditLog(context, TimeProvider.System), TimeProvider.System, NullLogger<LabelMerger>.Instance);
                var watch = Stopwatch.StartNew();
                var merge = await merger.MergeAsync(moderator, [source], target);
                merges.Add(watch.Elapsed.TotalSeconds);
                merged = merge.Ok ? merge.Value : throw new InvalidOperationException(merge.Failure!.Message);
                watch.Restart();
                var undo = await merger.UndoAsync(moderator, merged.MergeId);
                undos.Add(watch.Elapsed.TotalSeconds);
                if (!undo.Ok)
                {
                    throw new InvalidOperationException(undo.Failure!.Message);
                }
            }
            return new Figures(merges, undos, baseline, merged!.Moved, merged.Collapsed);
        }
        finally
        {
            await BenchDatabase.DropAsync(connectionString, database);
        }
    }

    /// <summary>
    /// Source tagging i is (block i % 100, reader i / 100, span 0–5): 100,000 distinct keys. Target
    /// tagging j &lt; 10,000 has the same key as source tagging j (collapses); the rest use span 10–15.
    /// The collapsing taggings carry a vote and every tenth a comment, so those paths are measured too.
    /// </summary>
    private static async Task<(int Source, int Target, string Moderator)> SeedAsync(string cs)
    {
        var sql = $"""
            INSERT INTO "AspNetUsers" (id, user_name, normalized_user_name, email, normalized_email, email_confirmed,
              phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, created_at)
            SELECT 'u' || g, 'reader' || g, 'READER' || g, 'r' || g || '@example.org', 'R' || g || '@EXAMPLE.ORG', true,
              false, false, false, 0, now()
            FROM generate_series(0, {Readers - 1}) g;
            INSERT INTO transcripts (title, source, format, metadata, imported_at, content_hash, char_count, comments_locked, last_activity_at)
            VALUES ('bench', 'bench', 'text', (chr(123) || chr(125))::jsonb, now(), 'bench', 100000, false, now());
            INSERT INTO messages (transcript_id, ordinal, role) SELECT id, 0, 'assistant' FROM transcripts;
            INSERT INTO blocks (message_id, transcript_id, ordinal, kind, text)
            SELECT m.id, m.transcript_id, g, 'reasoning', repeat('abcdefghij', 10) FROM messages m, generate_series(0, {Blocks - 1}) g;
            INSERT INTO labels (name, normalized_name, color, description, created_at) VALUES
              ('goal guarding', 'goal guarding', '#5b8def', '', now()), ('Goal-guarding', 'goal-guarding', '#e8a33d', '', now());
            CREATE TEMP TABLE b AS SELECT id, ordinal, transcript_id FROM blocks;
            INSERT INTO taggings (block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix, created_at, comments_locked)
            SELECT b.id, b.transcript_id, (SELECT id FROM labels WHERE name = 'Goal-guarding'), 'Goal-guarding', 'u' || (i / {Blocks}),
              0, 5, 'abcde', '', 'fghij', now(), false
            FROM generate_series(0, {SourceTaggings - 1}) i JOIN b ON b.ordinal = i % {Blocks};
            INSERT INTO taggings (block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix, created_at, comments_locked)
            SELECT b.id, b.transcript_id, (SELECT id FROM labels WHERE name = 'goal guarding'), 'goal guarding', 'u' || ((j / {Blocks}) % {Readers}),
              CASE WHEN j < {Collapsing} THEN 0 ELSE 10 END, CASE WHEN j < {Collapsing} THEN 5 ELSE 15 END, 'abcde', '', '', now(), false
            FROM generate_series(0, {TargetTaggings - 1}) j JOIN b ON b.ordinal = j % {Blocks};
            INSERT INTO votes (tagging_id, user_id, value, created_at)
            SELECT t.id, 'u' || ((t.id * 7) % {Readers}), 1, now() FROM taggings t
            JOIN labels l ON l.id = t.label_id AND l.name = 'Goal-guarding' WHERE t.start = 0 AND t.user_id IN
              (SELECT 'u' || g FROM generate_series(0, {(Collapsing / Blocks) - 1}) g);
            INSERT INTO comments (tagging_id, author_id, body, created_at)
            SELECT t.id, t.user_id, 'why?', now() FROM taggings t
            JOIN labels l ON l.id = t.label_id AND l.name = 'Goal-guarding' WHERE t.id % 10 = 0 AND t.user_id IN
              (SELECT 'u' || g FROM generate_series(0, {(Collapsing / Blocks) - 1}) g);
            ANALYZE;
            """;
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using (var seed = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 })
        {
            await seed.ExecuteNonQueryAsync();
        }
        await using var ids = new NpgsqlCommand(
            "SELECT (SELECT id FROM labels WHERE name = 'Goal-guarding'), (SELECT id FROM labels WHERE name = 'goal guarding')", connection);
        await using var reader = await ids.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt32(1), "u0");
    }

    /// <summary>
    /// The baseline from the same run, because the machine is shared: the bare UPDATE a merge that
    /// rewrote rows would have to do (every source row's label_id, with its index and foreign-key work).
    /// </summary>
    private static async Task<double> BareUpdateSecondsAsync(string cs, int source)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        var watch = Stopwatch.StartNew();
        await using var tx = await connection.BeginTransactionAsync();
        // A fresh label as the destination, so no row collides: 100,000 rows change label_id.
        await using var update = new NpgsqlCommand("""
            WITH l AS (INSERT INTO labels (name, normalized_name, color, description, created_at)
                       VALUES ('reference', 'reference', '#000000', '', now()) RETURNING id)
            UPDATE taggings SET label_id = (SELECT id FROM l) WHERE label_id = @source
            """, connection, tx);
        update.Parameters.AddWithValue("source", source);
        await update.ExecuteNonQueryAsync();
        await tx.RollbackAsync();
        return watch.Elapsed.TotalSeconds;
    }
}
