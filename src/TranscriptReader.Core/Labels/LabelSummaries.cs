using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;

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

    /// <summary>Most labels one catalog page or API response lists.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>
    /// Every live (not merged-away) label matching <paramref name="search"/>, for moderators' pages that need
    /// them all (merge, duplicates). Public pages and the API read <see cref="PageAsync"/>, which is bounded.
    /// </summary>
    public async Task<List<LabelSummary>> ListAsync(string? search, LabelSort sort, CancellationToken ct = default) =>
        (await Ordered(Rows(search), sort).ToListAsync(ct)).ConvertAll(ToSummary);

    /// <summary>
    /// A keyset page of live labels matching <paramref name="search"/> in their name or an alias: at most
    /// <paramref name="limit"/> labels that come after label <paramref name="after"/> in the sort order, and the
    /// label to continue after when more follow. Each page costs an index range, however far the client reads.
    /// </summary>
    /// <remarks>
    /// The cursor is a label id: its current name and count place it in the order, so a page boundary stays
    /// valid when that label is renamed, merged away or tagged meanwhile (the next page then starts where the
    /// label now sits). Names sort by their upper case (the database's collation), then by id.
    /// </remarks>
    public async Task<Outcome<LabelPage>> PageAsync(string? search, LabelSort sort, int? after, int limit, CancellationToken ct = default)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            return Failure.Invalid($"limit is a number of labels from 1 to {MaxPageSize}.");
        }
        var rows = Rows(search);
        if (after is { } afterId)
        {
            var mark = await (from l in db.Labels.AsNoTracking()
                              join c in db.LabelCounts on l.Id equals c.LabelId into counts
                              from c in counts.DefaultIfEmpty()
                              where l.Id == afterId
                              select new { Key = l.Name.ToUpper(), Taggings = c == null ? 0 : c.Taggings }).SingleOrDefaultAsync(ct);
            if (mark is null)
            {
                return Failure.Invalid($"after names no label (id {afterId}); start again without it.");
            }
            rows = sort == LabelSort.Count
                ? rows.Where(r => r.Taggings < mark.Taggings
                    || (r.Taggings == mark.Taggings && (r.Key.CompareTo(mark.Key) > 0 || (r.Key == mark.Key && r.Id > afterId))))
                : rows.Where(r => r.Key.CompareTo(mark.Key) > 0 || (r.Key == mark.Key && r.Id > afterId));
        }
        var page = await Ordered(rows, sort).Take(limit + 1).ToListAsync(ct);
        var more = page.Count > limit;
        var labels = page.Take(limit).Select(ToSummary).ToList();
        return new LabelPage(labels, more ? labels[^1].Id : null);
    }

    /// <summary>A live label with its stored counts, as one SQL row; <see cref="Row.Key"/> is the name's sort key.</summary>
    private sealed record Row
    {
        public int Id { get; init; }
        public required string Name { get; init; }
        public required string Key { get; init; }
        public required string Color { get; init; }
        public required string Description { get; init; }
        public char? ShortcutKey { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public required List<string> Aliases { get; init; }
        public string? CreatedBy { get; init; }
        public int Taggings { get; init; }
        public int Transcripts { get; init; }
        public int Readers { get; init; }
    }

    /// <summary>One live label with its counts, or null when there is none (or it was merged away).</summary>
    /// <param name="labelId">The label's id.</param>
    /// <param name="ct">Cancels the query.</param>
    public async Task<LabelSummary?> GetAsync(int labelId, CancellationToken ct = default) =>
        await Rows(null).Where(r => r.Id == labelId).FirstOrDefaultAsync(ct) is { } row ? ToSummary(row) : null;

    private IQueryable<Row> Rows(string? search)
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
        return from l in query
               join c in db.LabelCounts on l.Id equals c.LabelId into counts
               from c in counts.DefaultIfEmpty()
               select new Row
               {
                   Id = l.Id, Name = l.Name, Key = l.Name.ToUpper(), Color = l.Color, Description = l.Description,
                   ShortcutKey = l.ShortcutKey, CreatedAt = l.CreatedAt,
                   Aliases = l.Aliases.OrderBy(a => a.Id).Select(a => a.Alias).ToList(),
                   CreatedBy = db.Users.Where(u => u.Id == l.CreatedById).Select(u => u.UserName).FirstOrDefault(),
                   Taggings = c == null ? 0 : c.Taggings,
                   Transcripts = c == null ? 0 : c.Transcripts,
                   Readers = c == null ? 0 : c.Readers,
               };
    }

    private static IQueryable<Row> Ordered(IQueryable<Row> rows, LabelSort sort) =>
        sort == LabelSort.Count
            ? rows.OrderByDescending(r => r.Taggings).ThenBy(r => r.Key).ThenBy(r => r.Id)
            : rows.OrderBy(r => r.Key).ThenBy(r => r.Id);

    private static LabelSummary ToSummary(Row r) =>
        new(r.Id, r.Name, r.Color, r.Description, r.ShortcutKey, r.Aliases, new LabelCounts(r.Taggings, r.Transcripts, r.Readers), r.CreatedBy, r.CreatedAt);
}

/// <summary>One page of the label catalog; <paramref name="NextAfter"/> is the cursor of the next page, null on the last.</summary>
/// <param name="Labels">The labels of this page, in the page's order.</param>
/// <param name="NextAfter">The id to pass as <c>after</c> for the next page.</param>
public sealed record LabelPage(List<LabelSummary> Labels, int? NextAfter);
