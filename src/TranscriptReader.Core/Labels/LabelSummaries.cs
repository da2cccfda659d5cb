using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Core.Labels;

public sealed record LabelCounts(int Taggings, int Transcripts, int Readers)
{
    public static readonly LabelCounts Zero = new(0, 0, 0);
}

/// <summary>A label as the catalog page and the API list it.</summary>
public sealed record LabelSummary(
    int Id, string Name, string Color, string Description, char? ShortcutKey, IReadOnlyList<string> Aliases,
    LabelCounts Counts, string? CreatedBy, DateTimeOffset CreatedAt);

public enum LabelSort
{
    Name,
    Count,
}

/// <summary>Read-side queries over labels shared by pages and the API.</summary>
public sealed class LabelSummaries(AppDbContext db)
{
    /// <summary>Taggings, distinct transcripts and distinct readers per label, for the given labels (or all).</summary>
    /// <remarks>
    /// Counted under the live label: taggings of a merged-away label count for its target. Rows are first
    /// grouped by their own label (hash aggregates, and the label index when only some labels are asked
    /// for), then folded per live label: over a million taggings this is three times faster than counting
    /// distinct values per label directly, which sorts every row twice.
    /// </remarks>
    public async Task<Dictionary<int, LabelCounts>> CountsAsync(IReadOnlyCollection<int>? labelIds, CancellationToken ct = default)
    {
        var family = labelIds is null ? null : await FamilyAsync(labelIds, ct);
        // For some labels their rows are read once through the index and grouped twice; for all labels two
        // sequential scans are cheaper than materializing a million rows.
        var (head, source) = family is null
            ? ("", "taggings")
            : ($"base AS MATERIALIZED (SELECT label_id, transcript_id, user_id FROM taggings WHERE {LabelCondition(family)}),", "base");
        var sql = $"""
            WITH {head} f AS (SELECT id, canonical_id FROM label_canonical),
            tr AS (SELECT label_id, transcript_id, count(*) AS n FROM {source} GROUP BY 1, 2),
            us AS (SELECT label_id, user_id FROM {source} GROUP BY 1, 2)
            SELECT x.canonical_id, x.n::int AS taggings, x.transcripts::int AS transcripts, coalesce(y.readers, 0)::int AS readers
            FROM (SELECT f.canonical_id, sum(tr.n) AS n, count(DISTINCT tr.transcript_id) AS transcripts
                  FROM tr JOIN f ON f.id = tr.label_id GROUP BY 1) x
            LEFT JOIN (SELECT f.canonical_id, count(DISTINCT us.user_id) AS readers
                  FROM us JOIN f ON f.id = us.label_id GROUP BY 1) y ON y.canonical_id = x.canonical_id
            """;
        object[] parameters = family is null ? [] : [new Npgsql.NpgsqlParameter("family", family)];
        var rows = await db.Database.SqlQueryRaw<CountRow>(sql, parameters).ToListAsync(ct);
        return rows.ToDictionary(r => r.CanonicalId, r => new LabelCounts(r.Taggings, r.Transcripts, r.Readers));
    }

    /// <summary>
    /// "label_id = ANY(@family)", or plain equality when the family is one label: PostgreSQL reads an index in
    /// order (and index-only) for equality but not for an array.
    /// </summary>
    private static string LabelCondition(int[] family) => family.Length == 1 ? "label_id = @family[1]" : "label_id = ANY(@family)";

    /// <summary>A row of the counts query; columns are snake_case like every mapped name here.</summary>
    private sealed record CountRow(int CanonicalId, int Taggings, int Transcripts, int Readers);

    /// <summary>The given labels and every label merged into them: the label ids their taggings carry.</summary>
    public async Task<int[]> FamilyAsync(IReadOnlyCollection<int> labelIds, CancellationToken ct = default) =>
        await db.LabelCanonicals.AsNoTracking().Where(c => labelIds.Contains(c.CanonicalId)).Select(c => c.Id).ToArrayAsync(ct);

    /// <summary>Live (not merged-away) labels matching <paramref name="search"/> in their name or an alias.</summary>
    public async Task<List<LabelSummary>> ListAsync(string? search, LabelSort sort, CancellationToken ct = default)
    {
        var query = db.Labels.AsNoTracking().Where(l => l.MergedIntoId == null);
        var term = search?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            var pattern = "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(l => EF.Functions.ILike(l.Name, pattern, "\\")
                || l.Aliases.Any(a => EF.Functions.ILike(a.Alias, pattern, "\\")));
        }
        var labels = await query
            .Select(l => new
            {
                l.Id, l.Name, l.Color, l.Description, l.ShortcutKey, l.CreatedAt,
                Aliases = l.Aliases.OrderBy(a => a.Id).Select(a => a.Alias).ToList(),
                CreatedBy = db.Users.Where(u => u.Id == l.CreatedById).Select(u => u.UserName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var counts = await CountsAsync(labelIds: labels.Count > 200 ? null : labels.Select(l => l.Id).ToArray(), ct);
        var summaries = labels.Select(l => new LabelSummary(l.Id, l.Name, l.Color, l.Description, l.ShortcutKey, l.Aliases,
            counts.GetValueOrDefault(l.Id, LabelCounts.Zero), l.CreatedBy, l.CreatedAt));
        return (sort == LabelSort.Count
            ? summaries.OrderByDescending(s => s.Counts.Taggings).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            : summaries.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Id)).ToList();
    }
}
