using System.Data.Common;
using Npgsql;

namespace TranscriptReader.Core.Agreement;

/// <summary>
/// The reads behind agreement figures, all inside the caller's repeatable-read transaction so that codings,
/// labels and names come from the same moment as the snapshot they are filed under.
/// </summary>
internal static class AgreementReads
{
    private const int ExcerptLength = 300;

    /// <summary>Codings of the given transcripts: their done marks, their done readers' taggings, their blocks' text.</summary>
    public static async Task<List<TranscriptCoding>> CodingsAsync(NpgsqlConnection connection, DbTransaction transaction,
        IReadOnlyList<(long Id, long Version)> transcripts, CancellationToken ct)
    {
        var ids = transcripts.Select(t => t.Id).ToArray();
        var readers = new Dictionary<long, List<string>>();
        await using (var reader = await QueryAsync(connection, transaction,
            "SELECT transcript_id, user_id FROM done_marks WHERE transcript_id = ANY(@ids)", ct, ("ids", ids)))
        {
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetInt64(0);
                (readers.TryGetValue(id, out var list) ? list : readers[id] = []).Add(reader.GetString(1));
            }
        }
        var builders = transcripts.ToDictionary(t => t.Id, t => new TranscriptCoding.Builder(t.Id, t.Version, readers.GetValueOrDefault(t.Id) ?? []));
        await using (var reader = await QueryAsync(connection, transaction, """
            SELECT g.transcript_id, g.user_id, g.label_id, g.block_id, g.start, g."end"
            FROM taggings g JOIN done_marks d ON d.transcript_id = g.transcript_id AND d.user_id = g.user_id
            WHERE g.transcript_id = ANY(@ids)
            """, ct, ("ids", ids)))
        {
            while (await reader.ReadAsync(ct))
            {
                builders[reader.GetInt64(0)].AddSpan(new CodedSpan(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetInt32(4), reader.GetInt32(5)));
            }
        }
        // Streamed: only one block's text is held at a time, whatever the number of transcripts.
        await using (var reader = await QueryAsync(connection, transaction,
            "SELECT transcript_id, id, text FROM blocks WHERE transcript_id = ANY(@ids) ORDER BY transcript_id, id", ct, ("ids", ids)))
        {
            while (await reader.ReadAsync(ct))
            {
                builders[reader.GetInt64(0)].AddBlock(reader.GetInt64(1), reader.GetString(2));
            }
        }
        return builders.Values.Select(b => b.Build()).ToList();
    }

    /// <summary>Live labels by name, and every label id → the live label it resolves to (label_canonical).</summary>
    public static async Task<(List<AgreementLabel> Live, Dictionary<int, int> Canonical)> LabelsAsync(
        NpgsqlConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        var live = new List<AgreementLabel>();
        await using (var reader = await QueryAsync(connection, transaction,
            "SELECT id, name, color FROM labels WHERE merged_into_id IS NULL ORDER BY normalized_name, id", ct))
        {
            while (await reader.ReadAsync(ct))
            {
                live.Add(new AgreementLabel(reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
            }
        }
        var canonical = new Dictionary<int, int>();
        await using (var reader = await QueryAsync(connection, transaction, "SELECT id, canonical_id FROM label_canonical", ct))
        {
            while (await reader.ReadAsync(ct))
            {
                canonical[reader.GetInt32(0)] = reader.GetInt32(1);
            }
        }
        return (live, canonical);
    }

    public static async Task<Dictionary<string, string>> UserNamesAsync(NpgsqlConnection connection, DbTransaction transaction,
        string usersTable, IEnumerable<string> ids, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await QueryAsync(connection, transaction,
            $"SELECT id, coalesce(user_name, id) FROM {usersTable} WHERE id = ANY(@ids)", ct, ("ids", ids.Distinct().ToArray()));
        while (await reader.ReadAsync(ct))
        {
            names[reader.GetString(0)] = reader.GetString(1);
        }
        return names;
    }

    /// <summary>Split runs as passages: character offsets from the block text, the transcript's title, a tagging to link to.</summary>
    public static async Task<List<SplitPassage>> PassagesAsync(NpgsqlConnection connection, DbTransaction transaction,
        IReadOnlyList<SplitRun> runs, int[] family, CancellationToken ct)
    {
        if (runs.Count == 0)
        {
            return [];
        }
        var texts = new Dictionary<long, string>();
        await using (var reader = await QueryAsync(connection, transaction, "SELECT id, text FROM blocks WHERE id = ANY(@ids)", ct,
            ("ids", runs.Select(r => r.BlockId).Distinct().ToArray())))
        {
            while (await reader.ReadAsync(ct))
            {
                texts[reader.GetInt64(0)] = reader.GetString(1);
            }
        }
        var titles = new Dictionary<long, string>();
        await using (var reader = await QueryAsync(connection, transaction, "SELECT id, title FROM transcripts WHERE id = ANY(@ids)", ct,
            ("ids", runs.Select(r => r.TranscriptId).Distinct().ToArray())))
        {
            while (await reader.ReadAsync(ct))
            {
                titles[reader.GetInt64(0)] = reader.GetString(1);
            }
        }
        var spans = runs.Select(r =>
        {
            var tokens = BlockTokens.Of(texts[r.BlockId]);
            return (Start: tokens.StartOf(r.FirstToken), End: tokens.EndOf(r.LastToken - 1));
        }).ToList();
        var links = new long?[runs.Count];
        await using (var reader = await QueryAsync(connection, transaction, """
            SELECT r.i, (SELECT min(g.id) FROM taggings g
                         JOIN done_marks d ON d.transcript_id = g.transcript_id AND d.user_id = g.user_id
                         WHERE g.block_id = r.b AND g.label_id = ANY(@family) AND g.start < r.e AND g."end" > r.s)
            FROM unnest(@blocks, @starts, @ends) WITH ORDINALITY AS r(b, s, e, i)
            """, ct, ("family", family), ("blocks", runs.Select(r => r.BlockId).ToArray()),
            ("starts", spans.Select(s => s.Start).ToArray()), ("ends", spans.Select(s => s.End).ToArray())))
        {
            while (await reader.ReadAsync(ct))
            {
                links[reader.GetInt64(0) - 1] = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            }
        }
        return runs.Select((r, i) =>
        {
            var text = texts[r.BlockId][spans[i].Start..spans[i].End];
            var cut = char.IsHighSurrogate(text[Math.Min(text.Length, ExcerptLength) - 1]) ? ExcerptLength - 1 : ExcerptLength;
            var excerpt = text.Length <= ExcerptLength ? text : text[..cut].TrimEnd() + "…";
            return new SplitPassage(r.TranscriptId, titles.GetValueOrDefault(r.TranscriptId, ""), r.BlockId, spans[i].Start, spans[i].End,
                excerpt, r.TaggedBy, r.Readers, r.Disagreement, links[i]);
        }).ToList();
    }

    private static async Task<NpgsqlDataReader> QueryAsync(NpgsqlConnection connection, DbTransaction transaction, string sql,
        CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, (NpgsqlTransaction)transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value));
        }
        // An Npgsql command holds nothing of its own once its reader is open; the caller disposes the reader.
        return await command.ExecuteReaderAsync(ct);
    }
}
