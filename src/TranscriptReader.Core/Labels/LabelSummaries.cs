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
/// <remarks>
/// Counts are read from <c>label_counts</c>, which triggers keep exact on every tagging write, merge and undo
/// (see <see cref="LabelCount"/>): a read costs one row per label, however many taggings there are. Counting
/// the taggings on each request took 0.36–1.1 s at a million taggings and let a few anonymous clients slow the site.
/// </remarks>
public sealed class LabelSummaries(AppDbContext db)
{
    /// <summary>Taggings, distinct transcripts and distinct readers per label, for the given labels (or all).</summary>
    /// <remarks>Counted under the live label: taggings of a merged-away label count for its target, which a merged-away label shows as zeros.</remarks>
    public async Task<Dictionary<int, LabelCounts>> CountsAsync(IReadOnlyCollection<int>? labelIds, CancellationToken ct = default)
    {
        var query = db.LabelCounts.AsNoTracking();
        if (labelIds is not null)
        {
            query = query.Where(c => labelIds.Contains(c.LabelId));
        }
        return await query.ToDictionaryAsync(c => c.LabelId, c => new LabelCounts(c.Taggings, c.Transcripts, c.Readers), ct);
    }

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
        var labels = await (
            from l in query
            join c in db.LabelCounts on l.Id equals c.LabelId into counts
            from c in counts.DefaultIfEmpty()
            select new
            {
                l.Id, l.Name, l.Color, l.Description, l.ShortcutKey, l.CreatedAt,
                Aliases = l.Aliases.OrderBy(a => a.Id).Select(a => a.Alias).ToList(),
                CreatedBy = db.Users.Where(u => u.Id == l.CreatedById).Select(u => u.UserName).FirstOrDefault(),
                Taggings = c == null ? 0 : c.Taggings,
                Transcripts = c == null ? 0 : c.Transcripts,
                Readers = c == null ? 0 : c.Readers,
            })
            .ToListAsync(ct);
        var summaries = labels.Select(l => new LabelSummary(l.Id, l.Name, l.Color, l.Description, l.ShortcutKey, l.Aliases,
            new LabelCounts(l.Taggings, l.Transcripts, l.Readers), l.CreatedBy, l.CreatedAt));
        return (sort == LabelSort.Count
            ? summaries.OrderByDescending(s => s.Counts.Taggings).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            : summaries.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Id)).ToList();
    }
}
