using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Taggings;

/// <summary>One item of a batch: the same fields as a single tagging.</summary>
public sealed record BatchTaggingItem(long BlockId, int Start, int End, string? Quote, string? Label);

/// <summary>
/// What became of one item, by its index in the request: the tagging (new, or the reader's existing one with
/// <see cref="Created"/> false) or the problem that a single tagging with these fields would have been refused with.
/// </summary>
public sealed record BatchTaggingResult(int Index, long? Id, bool Created, int? LabelId, string? Problem);

/// <summary>
/// Applies many taggings for one reader in one transaction. Each item is checked exactly as
/// <see cref="TaggingService.ApplyAsync"/> checks one (<see cref="TaggingService.Check"/>, then the label through
/// <see cref="LabelDirectory.ResolveForApplyAsync"/>); a refused item is reported and the others are stored.
/// </summary>
/// <remarks>
/// The cost is a handful of statements whatever the size: one read of the named blocks, one resolution per distinct
/// label string, one lookup of the reader's existing taggings and one multi-row insert from arrays. The page-version
/// triggers are statement-level, so the insert moves each touched transcript's version once.
/// </remarks>
public sealed class TaggingBatch(AppDbContext db, LabelDirectory labels, TimeProvider clock)
{
    /// <summary>The most items one call may carry.</summary>
    public const int MaxItems = 10_000;

    private sealed record Candidate(int Index, long BlockId, long TranscriptId, int LabelId, string Applied, AnchoredSpan Anchor);

    public async Task<Outcome<IReadOnlyList<BatchTaggingResult>>> ApplyAsync(string userId, IReadOnlyList<BatchTaggingItem> items, CancellationToken ct = default)
    {
        if (items.Count == 0)
        {
            return Failure.Invalid("Send at least one item: {items: [{blockId, start, end, quote?, label}, …]}.");
        }
        if (items.Count > MaxItems)
        {
            return Failure.Invalid($"A batch holds at most {MaxItems:N0} items (this one has {items.Count:N0}); send the rest in another call.");
        }
        var results = new BatchTaggingResult?[items.Count];
        var blocks = await BlocksAsync(items, ct);
        var anchors = new AnchoredSpan?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var text = blocks.TryGetValue(item.BlockId, out var block) ? block.Text : null;
            if (TaggingService.Check(item.Label, item.BlockId, text, item.Start, item.End, item.Quote).TryGet(out var anchor, out var invalid))
            {
                anchors[i] = anchor;
            }
            else
            {
                results[i] = new(i, null, false, null, invalid.Message);
            }
        }

        // As for one tagging: the labels stay locked FOR SHARE until commit, so no merge can move them meanwhile.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var resolved = new Dictionary<string, LabelResolution>(StringComparer.Ordinal);
        var candidates = new List<Candidate>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (anchors[i] is not { } anchor)
            {
                continue;
            }
            var label = items[i].Label!;
            if (!resolved.TryGetValue(label, out var resolution))
            {
                resolution = await labels.ResolveForApplyAsync(label, userId, allowCreate: true, ct);
                resolved[label] = resolution;
            }
            if (resolution.Label is not { } found)
            {
                results[i] = new(i, null, false, null, resolution.Error ?? "Unknown label.");
                continue;
            }
            candidates.Add(new(i, items[i].BlockId, blocks[items[i].BlockId].TranscriptId, found.Id, TaggingService.AppliedName(label, found), anchor));
        }

        // The same span under the same label twice in one batch is one tagging, as a repeated single call would be.
        var firsts = new List<Candidate>(candidates.Count);
        var repeats = new List<(Candidate Item, Candidate First)>();
        var byKey = new Dictionary<(long, int, int, int), Candidate>();
        foreach (var c in candidates)
        {
            if (byKey.TryGetValue((c.BlockId, c.LabelId, c.Anchor.Start, c.Anchor.End), out var first))
            {
                repeats.Add((c, first));
            }
            else
            {
                byKey[(c.BlockId, c.LabelId, c.Anchor.Start, c.Anchor.End)] = c;
                firsts.Add(c);
            }
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction)tx.GetDbTransaction();
        var ids = new Dictionary<int, (long Id, bool Created)>();
        foreach (var (index, id) in await ExistingAsync(connection, transaction, userId, firsts, ct))
        {
            ids[index] = (id, false);
        }
        var fresh = firsts.Where(c => !ids.ContainsKey(c.Index)).ToList();
        foreach (var (index, id) in await InsertAsync(connection, transaction, userId, fresh, ct))
        {
            ids[index] = (id, true);
        }
        // A concurrent call of the same reader stored some of them between the lookup and the insert.
        foreach (var (index, id) in await ExistingAsync(connection, transaction, userId, fresh.Where(c => !ids.ContainsKey(c.Index)).ToList(), ct))
        {
            ids[index] = (id, false);
        }
        await tx.CommitAsync(ct);

        foreach (var c in firsts)
        {
            var (id, created) = ids.TryGetValue(c.Index, out var stored)
                ? stored
                : throw new InvalidOperationException($"Batch item {c.Index} was neither stored nor found.");
            results[c.Index] = new(c.Index, id, created, c.LabelId, null);
        }
        foreach (var (item, first) in repeats)
        {
            results[item.Index] = new(item.Index, ids[first.Index].Id, false, item.LabelId, null);
        }
        return results.Select(r => r!).ToList();
    }

    private async Task<Dictionary<long, (long TranscriptId, string Text)>> BlocksAsync(IReadOnlyList<BatchTaggingItem> items, CancellationToken ct)
    {
        var wanted = items.Where(i => !string.IsNullOrWhiteSpace(i.Label)).Select(i => i.BlockId).Distinct().ToArray();
        var rows = await db.Blocks.AsNoTracking().Where(b => wanted.Contains(b.Id))
            .Select(b => new { b.Id, b.TranscriptId, b.Text }).ToListAsync(ct);
        return rows.ToDictionary(b => b.Id, b => (b.TranscriptId, b.Text));
    }

    /// <summary>The reader's taggings of these spans under these live labels, also those applied under a label merged into them since.</summary>
    private static async Task<List<(int Index, long Id)>> ExistingAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string userId, List<Candidate> items, CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return [];
        }
        await using var command = new NpgsqlCommand("""
            SELECT x.i, min(t.id)
            FROM unnest(@i, @b, @l, @s, @e) AS x(i, block_id, label_id, start, "end")
            JOIN label_canonical c ON c.canonical_id = x.label_id
            JOIN taggings t ON t.label_id = c.id AND t.block_id = x.block_id AND t.start = x.start AND t."end" = x."end" AND t.user_id = @u
            GROUP BY x.i
            """, connection, transaction);
        command.Parameters.AddWithValue("u", userId);
        AddSpans(command, items);
        var found = new List<(int, long)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add((reader.GetInt32(0), reader.GetInt64(1)));
        }
        return found;
    }

    /// <summary>One insert of all new taggings; rows a concurrent call stored first are skipped, not errors.</summary>
    private async Task<List<(int Index, long Id)>> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string userId, List<Candidate> items, CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return [];
        }
        await using var command = new NpgsqlCommand("""
            WITH x AS (
                SELECT * FROM unnest(@i, @b, @l, @s, @e, @t, @n, @q, @p, @x) AS x(i, block_id, label_id, start, "end", transcript_id, applied, quote, prefix, suffix)),
            ins AS (
                INSERT INTO taggings (block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix, created_at, comments_locked)
                SELECT block_id, transcript_id, label_id, applied, @u, start, "end", quote, prefix, suffix, @now, false FROM x ORDER BY i
                ON CONFLICT DO NOTHING
                RETURNING id, block_id, label_id, start, "end")
            SELECT x.i, ins.id FROM ins JOIN x USING (block_id, label_id, start, "end")
            """, connection, transaction);
        command.Parameters.AddWithValue("u", userId);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        AddSpans(command, items);
        command.Parameters.Add(new NpgsqlParameter<long[]>("t", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. items.Select(c => c.TranscriptId)] });
        AddText(command, "n", items.Select(c => c.Applied));
        AddText(command, "q", items.Select(c => c.Anchor.Quote));
        AddText(command, "p", items.Select(c => c.Anchor.Prefix));
        AddText(command, "x", items.Select(c => c.Anchor.Suffix));
        var stored = new List<(int, long)>(items.Count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            stored.Add((reader.GetInt32(0), reader.GetInt64(1)));
        }
        return stored;
    }

    private static void AddSpans(NpgsqlCommand command, List<Candidate> items)
    {
        command.Parameters.Add(new NpgsqlParameter<int[]>("i", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. items.Select(c => c.Index)] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("b", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. items.Select(c => c.BlockId)] });
        command.Parameters.Add(new NpgsqlParameter<int[]>("l", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. items.Select(c => c.LabelId)] });
        command.Parameters.Add(new NpgsqlParameter<int[]>("s", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. items.Select(c => c.Anchor.Start)] });
        command.Parameters.Add(new NpgsqlParameter<int[]>("e", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. items.Select(c => c.Anchor.End)] });
    }

    private static void AddText(NpgsqlCommand command, string name, IEnumerable<string> values) =>
        command.Parameters.Add(new NpgsqlParameter<string[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. values] });
}
