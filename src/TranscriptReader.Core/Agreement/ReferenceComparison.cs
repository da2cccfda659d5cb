using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Agreement;

/// <summary>One value of the metadata key: transcripts where the readers found the label present, and absent.</summary>
public sealed record ReferenceRow(string Value, int Present, int Absent);

/// <summary>A transcript where the readers and the published label disagree.</summary>
/// <param name="TranscriptId">The transcript.</param>
/// <param name="Title">Its title.</param>
/// <param name="Value">Its metadata value for the key, as text.</param>
/// <param name="Present">Whether the readers found the label present.</param>
/// <param name="Tagged">Done readers who tagged the label anywhere in the transcript.</param>
/// <param name="Readers">Done readers of the transcript.</param>
public sealed record ReferenceDisagreement(long TranscriptId, string Title, string Value, bool Present, int Tagged, int Readers);

/// <summary>The readers' "label present" against "key = positive value" over the transcripts that have the key.</summary>
public sealed record ReferenceResult(
    AgreementLabel Label, string Key, string? Positive, double? Kappa, int N, IReadOnlyList<ReferenceRow> Table,
    IReadOnlyList<ReferenceDisagreement> Disagreements);

/// <summary>
/// Readers against the classification a paper published in the transcripts' metadata. Every transcript with the
/// key and at least one done reader counts (within the filters); the readers say "present" when more than half
/// of its done readers tagged the label (after merges) anywhere in it. Values are the metadata value as text
/// (<c>metadata ->> key</c>: JSON true is "true", a JSON null is "null"); the positive value matches exactly.
/// </summary>
public sealed class ReferenceComparison(AppDbContext db, LabelSummaries summaries)
{
    public const int MaxKeyLength = 200;

    public const int MaxKeysListed = 200;

    /// <summary>Metadata keys of the transcripts that have a done reader (within the filters), for choosing one.</summary>
    public async Task<List<string>> KeysAsync(AgreementFilter filter, CancellationToken ct = default)
    {
        var keys = new List<string>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand { Connection = connection };
            command.CommandText = $"""
                SELECT DISTINCT k FROM transcripts t, jsonb_object_keys(t.metadata) k
                WHERE jsonb_typeof(t.metadata) = 'object' AND EXISTS (SELECT 1 FROM done_marks d WHERE d.transcript_id = t.id)
                {AgreementSnapshot.Conditions(command, filter)}
                ORDER BY k LIMIT {MaxKeysListed}
                """;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                keys.Add(reader.GetString(0));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return keys;
    }

    /// <summary>
    /// The comparison for one key; without <paramref name="positive"/> only the table (no kappa, no disagreements),
    /// so a reader can first see which values the key takes.
    /// </summary>
    public async Task<Outcome<ReferenceResult>> CompareAsync(AgreementLabel label, string? key, string? positive, AgreementFilter filter, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return Failure.Invalid("Name the metadata key that holds the published label (key=...), e.g. label.");
        }
        if (key.Length > MaxKeyLength)
        {
            return Failure.Invalid($"The metadata key can have at most {MaxKeyLength} characters.");
        }
        var family = await summaries.FamilyAsync([label.Id], ct);
        var rows = new List<(long Id, string Title, string Value, int Readers, int Tagged)>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand { Connection = connection };
            command.CommandText = $"""
                WITH tr AS (
                    SELECT t.id, t.title, coalesce(t.metadata ->> @key, 'null') AS value
                    FROM transcripts t
                    WHERE t.metadata ? @key AND EXISTS (SELECT 1 FROM done_marks d WHERE d.transcript_id = t.id)
                    {AgreementSnapshot.Conditions(command, filter)}
                ), done AS (
                    SELECT d.transcript_id, count(*) AS readers FROM done_marks d JOIN tr ON tr.id = d.transcript_id GROUP BY 1
                ), tagged AS (
                    SELECT d.transcript_id, count(*) AS readers
                    FROM (SELECT DISTINCT transcript_id, user_id FROM taggings WHERE label_id = ANY(@family)) g
                    JOIN done_marks d ON d.transcript_id = g.transcript_id AND d.user_id = g.user_id
                    GROUP BY 1
                )
                SELECT tr.id, tr.title, tr.value, done.readers::int, coalesce(tagged.readers, 0)::int
                FROM tr JOIN done ON done.transcript_id = tr.id LEFT JOIN tagged ON tagged.transcript_id = tr.id
                ORDER BY tr.id
                """;
            command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = key });
            command.Parameters.Add(new NpgsqlParameter("family", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = family });
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleResult, ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return Summarize(label, key, positive, rows);
    }

    /// <summary>The 2 × k table, kappa and the disagreements, from per-transcript counts (pure).</summary>
    public static ReferenceResult Summarize(AgreementLabel label, string key, string? positive,
        IReadOnlyList<(long Id, string Title, string Value, int Readers, int Tagged)> rows)
    {
        static bool Present(int tagged, int readers) => 2 * tagged > readers;
        var table = rows.GroupBy(r => r.Value, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ReferenceRow(g.Key, g.Count(r => Present(r.Tagged, r.Readers)), g.Count(r => !Present(r.Tagged, r.Readers))))
            .ToList();
        int bothYes = 0, readersOnly = 0, publishedOnly = 0, bothNo = 0;
        var disagreements = new List<ReferenceDisagreement>();
        foreach (var r in rows)
        {
            var present = Present(r.Tagged, r.Readers);
            var published = r.Value == positive;
            _ = (present, published) switch
            {
                (true, true) => bothYes++,
                (true, false) => readersOnly++,
                (false, true) => publishedOnly++,
                _ => bothNo++,
            };
            if (positive is not null && present != published)
            {
                disagreements.Add(new ReferenceDisagreement(r.Id, r.Title, r.Value, present, r.Tagged, r.Readers));
            }
        }
        var kappa = positive is null ? null : CohenKappa.Of(bothYes, readersOnly, publishedOnly, bothNo);
        return new ReferenceResult(label, key, positive, kappa, rows.Count, table, disagreements);
    }
}
