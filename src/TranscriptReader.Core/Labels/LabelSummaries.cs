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
    public async Task<Dictionary<int, LabelCounts>> CountsAsync(IReadOnlyCollection<int>? labelIds, CancellationToken ct = default)
    {
        // Counted under the live label: taggings of a merged-away label count for its target.
        var taggings = from t in db.Taggings.AsNoTracking()
                       join c in db.LabelCanonicals on t.LabelId equals c.Id
                       select new { c.CanonicalId, t.TranscriptId, t.UserId };
        if (labelIds is not null)
        {
            taggings = taggings.Where(t => labelIds.Contains(t.CanonicalId));
        }
        var rows = await taggings.GroupBy(t => t.CanonicalId)
            .Select(g => new
            {
                g.Key,
                Taggings = g.Count(),
                Transcripts = g.Select(t => t.TranscriptId).Distinct().Count(),
                Readers = g.Select(t => t.UserId).Distinct().Count(),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Key, r => new LabelCounts(r.Taggings, r.Transcripts, r.Readers));
    }

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
