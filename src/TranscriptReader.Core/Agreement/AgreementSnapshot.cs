using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace TranscriptReader.Core.Agreement;

/// <summary>
/// What agreement figures under one filter are computed from, read in one cheap statement: the counted
/// transcripts (at least two done readers) with their page versions, the page epoch (labels, aliases and
/// reader names) and how many label merges and undos there were. Equal snapshots mean equal figures, so a
/// cached result is served exactly while its snapshot is the current one.
/// </summary>
/// <remarks>
/// Page versions move on every write to a transcript's taggings and done marks (database triggers), the epoch
/// on label changes. Label merges and undos delete and restore taggings without moving page versions (they
/// rely on the epoch for transcript pages); <see cref="Merges"/> counts them, so codings are rebuilt after one.
/// Versions are compared for equality, never for order, so the order in which writers commit does not matter.
/// <see cref="Visible"/> is PostgreSQL's MVCC snapshot of the same statement (see <see cref="VisibleAsync"/>).
/// </remarks>
public sealed record AgreementSnapshot(long Epoch, long Merges, long[] Ids, long[] Versions, string Visible)
{
    /// <summary>
    /// PostgreSQL's snapshot (xmin:xmax:in-progress xids) with the server's start time. Two statements with the
    /// same snapshot see exactly the same committed data, so a result whose data is known to equal what one
    /// snapshot shows is exact for every later statement with that snapshot: one trivial query per request
    /// while nothing was committed anywhere on the server. A commit anywhere changes it, and the request then
    /// compares the counted transcripts' versions instead.
    /// </summary>
    public const string VisibleSql = "pg_current_snapshot()::text || '@' || pg_postmaster_start_time()::text";

    public static async Task<string> VisibleAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT " + VisibleSql, connection);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    public bool SameAs(AgreementSnapshot other) =>
        Epoch == other.Epoch && Merges == other.Merges && Ids.AsSpan().SequenceEqual(other.Ids) && Versions.AsSpan().SequenceEqual(other.Versions);

    public static async Task<AgreementSnapshot> ReadAsync(NpgsqlConnection connection, DbTransaction? transaction, AgreementFilter filter, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = (NpgsqlTransaction?)transaction };
        command.CommandText = $"""
            SELECT (SELECT value FROM page_epoch),
                   (SELECT count(*) + count(undone_at) FROM label_merges),
                   coalesce(array_agg(t.id ORDER BY t.id), ARRAY[]::bigint[]),
                   coalesce(array_agg(transcript_page_version(t.id) ORDER BY t.id), ARRAY[]::bigint[]),
                   {VisibleSql}
            FROM transcripts t
            WHERE t.id IN (SELECT transcript_id FROM done_marks GROUP BY transcript_id HAVING count(*) >= 2)
            {Conditions(command, filter)}
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new AgreementSnapshot(reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<long[]>(2), reader.GetFieldValue<long[]>(3), reader.GetString(4));
    }

    /// <summary>The filter's conditions on <c>transcripts t</c>, each starting with AND; their parameters go to <paramref name="command"/>.</summary>
    public static string Conditions(NpgsqlCommand command, AgreementFilter filter)
    {
        var sql = "";
        if (filter.CollectionId is { } collection)
        {
            sql += " AND t.collection_id = @collection";
            command.Parameters.Add(new NpgsqlParameter("collection", NpgsqlDbType.Integer) { Value = collection });
        }
        if (filter.MetadataJson is { } json)
        {
            sql += " AND t.metadata @> @meta";
            command.Parameters.Add(new NpgsqlParameter("meta", NpgsqlDbType.Jsonb) { Value = json });
        }
        return sql;
    }
}
