using System.Data;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Taggings;

namespace TranscriptReader.Core.Exports;

/// <summary>The SQL text of an export query and the parameters it needs.</summary>
public sealed record ExportSql(string Text, IReadOnlyList<NpgsqlParameter> Parameters);

/// <summary>
/// The research exports as SQL, streamed row by row from an <see cref="NpgsqlDataReader"/>: nothing
/// is buffered, so memory does not grow with the row count. Every count uses the canonical label
/// (merge chains followed in SQL), and the status rule comes from <see cref="TaggingStatus.SqlCase"/>.
/// </summary>
/// <remarks>
/// The SQL text is assembled only from fixed fragments chosen by which filters are set; every
/// user-supplied value travels as a parameter. Do not run these on a context with a retrying
/// execution strategy: it buffers whole result sets.
/// </remarks>
public sealed class ExportService(AppDbContext db)
{
    /// <summary>Seconds a single export query may run; big exports are legitimately slow.</summary>
    public const int CommandTimeoutSeconds = 600;

    public IAsyncEnumerable<LabelCountRow> LabelCountsAsync(ExportFilter filter, int? limit = null, CancellationToken ct = default) =>
        StreamAsync(LabelCountsQuery(filter), limit, r => new LabelCountRow(
            r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5),
            r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10)), ct);

    /// <summary>The SQL of <see cref="LabelCountsAsync"/> (no LIMIT) with its parameters, e.g. for a <c>psql \copy</c> comparison.</summary>
    public static ExportSql LabelCountsSql(ExportFilter filter) => LabelCountsQuery(filter).ToSql();

    private static SqlBuilder LabelCountsQuery(ExportFilter filter)
    {
        var sql = new SqlBuilder(filter);
        var labelCondition = filter.LabelIds.Count > 0 ? "AND l.id = ANY(@labels)" : "";
        sql.Append($"""
            SELECT l.id, l.name,
                   coalesce((SELECT string_agg(a.alias, '; ' ORDER BY a.alias)
                             FROM label_aliases a JOIN canon ca ON ca.id = a.label_id
                             WHERE ca.canonical_id = l.id), '') AS aliases,
                   coalesce(s.taggings, 0), coalesce(s.transcripts, 0), coalesce(s.readers, 0),
                   coalesce(s.agrees, 0), coalesce(s.disputes, 0),
                   coalesce(s.accepted, 0), coalesce(s.contested, 0), coalesce(s.proposed, 0)
            FROM labels l
            LEFT JOIN (
                SELECT label_id, count(*) AS taggings, count(DISTINCT transcript_id) AS transcripts,
                       count(DISTINCT user_id) AS readers, sum(agrees)::bigint AS agrees, sum(disputes)::bigint AS disputes,
                       count(*) FILTER (WHERE status = 'accepted') AS accepted,
                       count(*) FILTER (WHERE status = 'contested') AS contested,
                       count(*) FILTER (WHERE status = 'proposed') AS proposed
                FROM ft GROUP BY label_id
            ) s ON s.label_id = l.id
            WHERE l.merged_into_id IS NULL {labelCondition}
            ORDER BY coalesce(s.taggings, 0) DESC, l.normalized_name, l.id
            """);
        return sql;
    }

    public IAsyncEnumerable<LabelTranscriptRow> LabelTranscriptsAsync(ExportFilter filter, int? limit = null, CancellationToken ct = default) =>
        StreamAsync(LabelTranscriptsQuery(filter), limit, r => new LabelTranscriptRow(
            r.GetInt64(0), r.GetString(1), NullableString(r, 2), NullableString(r, 3), r.GetInt32(4), r.GetString(5),
            r.GetInt64(6), r.GetInt64(7)), ct);

    /// <summary>The SQL of <see cref="LabelTranscriptsAsync"/> (no LIMIT) with its parameters.</summary>
    public static ExportSql LabelTranscriptsSql(ExportFilter filter) => LabelTranscriptsQuery(filter).ToSql();

    private static SqlBuilder LabelTranscriptsQuery(ExportFilter filter)
    {
        var sql = new SqlBuilder(filter);
        sql.Append("""
            SELECT ft.transcript_id, tr.title, col.name, tr.model, ft.label_id, l.name,
                   count(*), count(DISTINCT ft.user_id)
            FROM ft
            JOIN transcripts tr ON tr.id = ft.transcript_id
            LEFT JOIN collections col ON col.id = tr.collection_id
            JOIN labels l ON l.id = ft.label_id
            GROUP BY ft.transcript_id, tr.title, col.name, tr.model, ft.label_id, l.name, l.normalized_name
            ORDER BY ft.transcript_id, l.normalized_name, ft.label_id
            """);
        return sql;
    }

    /// <summary>
    /// For each (group value, canonical label): transcripts in the group, how many have at least one
    /// matching tagging of the label, the fraction and its Wilson 95 % interval. Every transcript of
    /// the group counts in the denominator, also those nobody tagged; transcripts without the key form
    /// the group with an empty value.
    /// </summary>
    public async IAsyncEnumerable<PivotRow> PivotAsync(ExportFilter filter, int? limit = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var key = filter.PivotKey ?? throw new ArgumentException("The pivot needs a key.", nameof(filter));
        await foreach (var (value, labelId, label, n, k) in StreamAsync(PivotQuery(filter), limit,
            r => (NullableString(r, 0), r.GetInt32(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4)), ct))
        {
            var (low, high) = Wilson.Interval(checked((int)k), checked((int)n));
            yield return new PivotRow(key, value, labelId, label, n, k, n == 0 ? 0 : (double)k / n, low, high);
        }
    }

    /// <summary>
    /// The SQL of <see cref="PivotAsync"/> (no LIMIT) with its parameters. The fraction and Wilson columns are
    /// computed in C#, so this yields the counts only.
    /// </summary>
    public static ExportSql PivotSql(ExportFilter filter) => PivotQuery(filter).ToSql();

    /// <summary>
    /// How many transcripts the pivot groups (within the collection filter) and how many of them lack the key,
    /// whatever <see cref="ExportFilter.OnlyWithKey"/> says: the Export page reports both.
    /// </summary>
    public async Task<(long Transcripts, long WithoutKey)> PivotCoverageAsync(ExportFilter filter, CancellationToken ct = default)
    {
        var sql = new SqlBuilder(filter);
        sql.Append($"{GroupsCte(sql, filter)} SELECT count(*), count(*) FILTER (WHERE value IS NULL) FROM grp");
        await foreach (var counts in StreamAsync(sql, null, r => (r.GetInt64(0), r.GetInt64(1)), ct))
        {
            return counts;
        }
        return (0, 0);
    }

    /// <summary><c>grp</c>: every transcript the collection filter lets through, with its value of the pivot key (NULL when absent).</summary>
    private static string GroupsCte(SqlBuilder sql, ExportFilter filter)
    {
        var key = filter.PivotKey ?? throw new ArgumentException("The pivot needs a key.", nameof(filter));
        var groupExpression = key switch
        {
            "collection" => "col.name",
            "model" => "tr.model",
            _ => "tr.metadata ->> @key",
        };
        if (groupExpression.Contains("@key", StringComparison.Ordinal))
        {
            sql.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = key });
        }
        return $"""
            , grp AS (
                SELECT tr.id AS transcript_id, {groupExpression} AS value
                FROM transcripts tr LEFT JOIN collections col ON col.id = tr.collection_id
                WHERE {sql.TranscriptConditions}
            )
            """;
    }

    private static SqlBuilder PivotQuery(ExportFilter filter)
    {
        var sql = new SqlBuilder(filter);
        var labelCondition = filter.LabelIds.Count > 0 ? "AND id = ANY(@labels)" : "";
        var sizesCondition = filter.OnlyWithKey ? "WHERE value IS NOT NULL" : "";
        sql.Append($"""
            {GroupsCte(sql, filter)}, sizes AS (
                SELECT value, count(*) AS n FROM grp {sizesCondition} GROUP BY value
            ), hits AS (
                SELECT g.value, ft.label_id, count(DISTINCT ft.transcript_id) AS k
                FROM ft JOIN grp g ON g.transcript_id = ft.transcript_id
                GROUP BY g.value, ft.label_id
            ), labs AS (
                SELECT id, name, normalized_name FROM labels WHERE merged_into_id IS NULL {labelCondition}
            )
            SELECT s.value, labs.id, labs.name, s.n, coalesce(h.k, 0)
            FROM sizes s CROSS JOIN labs
            LEFT JOIN hits h ON h.value IS NOT DISTINCT FROM s.value AND h.label_id = labs.id
            ORDER BY s.value NULLS LAST, labs.normalized_name, labs.id
            """);
        return sql;
    }

    public IAsyncEnumerable<TaggingRow> TaggingsAsync(ExportFilter filter, int? limit = null, CancellationToken ct = default) =>
        StreamAsync(TaggingsQuery(db, filter), limit, r => new TaggingRow(
            r.GetInt64(0), r.GetInt64(1), r.GetString(2), NullableString(r, 3), NullableString(r, 4), r.GetString(5),
            r.GetInt64(6), r.GetString(7), r.GetInt32(8), r.GetInt32(9), r.GetString(10), r.GetString(11), r.GetString(12),
            r.GetInt32(13), r.GetString(14), r.GetString(15), r.GetString(16), NullableString(r, 17) ?? "",
            r.GetFieldValue<DateTimeOffset>(18), r.GetInt32(19), r.GetInt32(20), r.GetInt32(19) - r.GetInt32(20), r.GetString(21)), ct);

    /// <summary>The SQL of <see cref="TaggingsAsync"/> (no LIMIT) with its parameters.</summary>
    public static ExportSql TaggingsSql(AppDbContext db, ExportFilter filter) => TaggingsQuery(db, filter).ToSql();

    private static SqlBuilder TaggingsQuery(AppDbContext db, ExportFilter filter)
    {
        var sql = new SqlBuilder(filter);
        sql.Append(RawTaggingsSelect.Replace("{users}", UsersTable(db), StringComparison.Ordinal));
        return sql;
    }

    private const string RawTaggingsSelect = """
        SELECT ft.id, ft.transcript_id, tr.title, col.name, tr.model, m.role,
               ft.block_id, ft.block_kind, ft.start, ft."end", ft.quote, ft.prefix, ft.suffix,
               ft.label_id, l.name, ft.applied_label_name, ft.user_id, u.user_name, ft.created_at,
               ft.agrees, ft.disputes, ft.status
        FROM ft
        JOIN transcripts tr ON tr.id = ft.transcript_id
        LEFT JOIN collections col ON col.id = tr.collection_id
        JOIN blocks b ON b.id = ft.block_id
        JOIN messages m ON m.id = b.message_id
        JOIN labels l ON l.id = ft.label_id
        LEFT JOIN {users} u ON u.id = ft.user_id
        ORDER BY ft.id
        """;

    /// <summary>Identity's user table, quoted, as the EF model names it (it keeps Identity's PascalCase name).</summary>
    private static string UsersTable(AppDbContext db) =>
        "\"" + (db.Model.FindEntityType(typeof(AppUser))?.GetTableName() ?? "AspNetUsers") + "\"";

    private static string? NullableString(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private async IAsyncEnumerable<T> StreamAsync<T>(SqlBuilder sql, int? limit, Func<NpgsqlDataReader, T> map,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var text = sql.ToString();
        if (limit is { } n)
        {
            text = $"SELECT * FROM ({text}) AS limited LIMIT {n.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }
        try
        {
            await using var command = new NpgsqlCommand(text, connection) { CommandTimeout = CommandTimeoutSeconds };
            foreach (var p in sql.Parameters)
            {
                command.Parameters.Add(p.Clone());
            }
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleResult, ct);
            while (await reader.ReadAsync(ct))
            {
                yield return map(reader);
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    /// <summary>
    /// The common head of every export query: <c>canon</c> (each label id → its canonical label id,
    /// following merge chains), <c>vc</c> (vote counts per tagging) and <c>ft</c> (the taggings that
    /// pass the filters, with canonical label, block kind, votes and status).
    /// </summary>
    private sealed class SqlBuilder
    {
        private readonly StringBuilder text = new();

        public SqlBuilder(ExportFilter filter)
        {
            var transcript = new List<string> { "TRUE" };
            var tagging = new List<string>();
            if (filter.CollectionId is { } collectionId)
            {
                // Its home collection, or one a later import added it to (collection_members).
                transcript.Add("(tr.collection_id = @collection OR EXISTS (SELECT 1 FROM collection_members cm "
                    + "WHERE cm.transcript_id = tr.id AND cm.collection_id = @collection))");
                Parameters.Add(new NpgsqlParameter("collection", NpgsqlDbType.Integer) { Value = collectionId });
            }
            if (filter.LabelIds.Count > 0)
            {
                tagging.Add("c.canonical_id = ANY(@labels)");
                Parameters.Add(new NpgsqlParameter("labels", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = filter.LabelIds.ToArray() });
            }
            if (filter.ReaderIds.Count > 0)
            {
                tagging.Add("t.user_id = ANY(@readers)");
                Parameters.Add(new NpgsqlParameter("readers", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = filter.ReaderIds.ToArray() });
            }
            if (filter.From is { } from)
            {
                tagging.Add("t.created_at >= @from");
                Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = from.UtcDateTime });
            }
            if (filter.Before is { } before)
            {
                tagging.Add("t.created_at < @before");
                Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.TimestampTz) { Value = before.UtcDateTime });
            }
            if (filter.BlockKind is { } kind)
            {
                tagging.Add("b.kind = @kind");
                Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = kind });
            }
            var statusCondition = "";
            if (filter.Status is { } status)
            {
                statusCondition = "WHERE x.status = @status";
                Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = TaggingStatus.SqlName(status) });
            }
            TranscriptConditions = string.Join(" AND ", transcript);
            var where = string.Join(" AND ", transcript.Concat(tagging));
            var statusSql = TaggingStatus.SqlCase("coalesce(vc.agrees, 0)", "coalesce(vc.disputes, 0)");
            text.Append($"""
                WITH canon AS (SELECT id, canonical_id FROM label_canonical), vc AS (
                    SELECT v.tagging_id,
                           (count(*) FILTER (WHERE v.value > 0))::int AS agrees,
                           (count(*) FILTER (WHERE v.value < 0))::int AS disputes
                    FROM votes v JOIN taggings vt ON vt.id = v.tagging_id
                    WHERE v.user_id <> vt.user_id
                    GROUP BY v.tagging_id
                ), ft AS (
                    SELECT * FROM (
                        SELECT t.id, t.transcript_id, t.block_id, t.user_id, t.start, t."end", t.quote, t.prefix, t.suffix,
                               t.applied_label_name, t.created_at, c.canonical_id AS label_id, b.kind AS block_kind,
                               coalesce(vc.agrees, 0) AS agrees, coalesce(vc.disputes, 0) AS disputes,
                               {statusSql} AS status
                        FROM taggings t
                        JOIN canon c ON c.id = t.label_id
                        JOIN blocks b ON b.id = t.block_id
                        JOIN transcripts tr ON tr.id = t.transcript_id
                        LEFT JOIN vc ON vc.tagging_id = t.id
                        WHERE {where}
                    ) x {statusCondition}
                )

                """);
        }

        public List<NpgsqlParameter> Parameters { get; } = [];

        /// <summary>The transcript-level conditions (alias <c>tr</c>), for queries over all transcripts.</summary>
        public string TranscriptConditions { get; }

        public void Append(string sql) => text.Append(sql);

        public override string ToString() => text.ToString();

        public ExportSql ToSql() => new(ToString(), Parameters);
    }
}
