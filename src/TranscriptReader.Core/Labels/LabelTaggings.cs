using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Paging;
using TranscriptReader.Core.Taggings;

namespace TranscriptReader.Core.Labels;

/// <summary>A tagging as the label page lists it.</summary>
public sealed record LabelTaggingRow(long Id, long TranscriptId, string TranscriptTitle, string Quote, string Reader, string AppliedAs, DateTimeOffset CreatedAt);

/// <summary>One page of a label's taggings, newest first.</summary>
/// <param name="Rows">The taggings of this page.</param>
/// <param name="Page">The page number when it is known (the first page, or one asked for by number); null on keyset pages.</param>
/// <param name="Older">Where the next older page starts (<c>?before=</c>); null on the last page.</param>
/// <param name="Newer">Where the next newer page ends (<c>?after=</c>); null on the first page.</param>
public sealed record LabelTaggingPage(List<LabelTaggingRow> Rows, int? Page, FeedCursor? Older, FeedCursor? Newer);

/// <summary>The label page's list of taggings: the taggings of a label and of every label merged into it, newest first.</summary>
/// <remarks>
/// Keyset pages over the <c>(label_id, created_at, id)</c> index: a page reads its own rows of the index and no
/// others, however deep the reader goes and however many taggings the label has. A label with merged-away labels
/// reads each family member's range apart (PostgreSQL keeps index order only for equality, not for
/// <c>label_id = ANY(...)</c>) and merges them: still one short range per family member.
/// </remarks>
public sealed class LabelTaggings(AppDbContext db)
{
    /// <summary>
    /// The <paramref name="pageSize"/> taggings just older than <paramref name="before"/>, or just newer than
    /// <paramref name="after"/>, or the newest when neither is given.
    /// </summary>
    /// <param name="family">The label and the labels merged into it (<see cref="LabelSummaries.FamilyAsync"/>).</param>
    /// <param name="before">Continue with older taggings than this one.</param>
    /// <param name="after">Go back to newer taggings than this one; ignored with <paramref name="before"/>.</param>
    /// <param name="pageSize">Taggings per page.</param>
    /// <param name="ct">Cancels the queries.</param>
    public async Task<LabelTaggingPage> PageAsync(IReadOnlyList<int> family, FeedCursor? before, FeedCursor? after, int pageSize, CancellationToken ct = default)
    {
        if (before is null && after is { } a)
        {
            var newerRows = await Rows(family, null, a, pageSize + 1, ct);
            // Going back reached the newest taggings: show the first page, full, as the list starts.
            if (newerRows.Count > pageSize)
            {
                newerRows = newerRows.Take(pageSize).Reverse().ToList();
                return new LabelTaggingPage(newerRows, null, await ExistsAsync(family, Cursor(newerRows[^1]), older: true, ct) ? Cursor(newerRows[^1]) : null,
                    Cursor(newerRows[0]));
            }
        }
        var rows = await Rows(family, before, null, pageSize + 1, ct);
        var more = rows.Count > pageSize;
        rows = rows.Take(pageSize).ToList();
        var newer = before is not null && rows.Count > 0 && await ExistsAsync(family, Cursor(rows[0]), older: false, ct);
        return new LabelTaggingPage(rows, before is null ? 1 : null, more ? Cursor(rows[^1]) : null, newer ? Cursor(rows[0]) : null);
    }

    /// <summary>Page <paramref name="page"/> by number: the label page's links before keyset pages, kept working (deep pages cost OFFSET).</summary>
    /// <param name="family">The label and the labels merged into it.</param>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">Taggings per page.</param>
    /// <param name="ct">Cancels the query.</param>
    public async Task<LabelTaggingPage> ByNumberAsync(IReadOnlyList<int> family, int page, int pageSize, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        var rows = await Joined(Ordered(Family(family), descending: true).Skip((page - 1) * pageSize).Take(pageSize + 1), descending: true).ToListAsync(ct);
        var more = rows.Count > pageSize;
        rows = rows.Take(pageSize).ToList();
        return new LabelTaggingPage(rows, page, more ? Cursor(rows[^1]) : null, page > 1 && rows.Count > 0 ? Cursor(rows[0]) : null);
    }

    /// <summary>Up to <paramref name="take"/> taggings older than <paramref name="before"/> (newest first) or newer than <paramref name="after"/> (oldest first).</summary>
    private async Task<List<LabelTaggingRow>> Rows(IReadOnlyList<int> family, FeedCursor? before, FeedCursor? after, int take, CancellationToken ct)
    {
        if (family.Count == 0)
        {
            // A merged-away label: its taggings are listed under the label it was merged into.
            return [];
        }
        var descending = after is null;
        var ranges = family.Select(id => Ordered(Range(db.Taggings.AsNoTracking().Where(t => t.LabelId == id), before, after), descending).Take(take));
        var merged = family.Count == 1 ? ranges.Single() : Ordered(ranges.Aggregate((x, y) => x.Concat(y)), descending).Take(take);
        return await Joined(merged, descending).ToListAsync(ct);
    }

    private IQueryable<Tagging> Family(IReadOnlyList<int> family) =>
        family.Count == 1 ? db.Taggings.AsNoTracking().Where(t => t.LabelId == family[0]) : db.Taggings.AsNoTracking().Where(t => family.Contains(t.LabelId));

    private static IQueryable<Tagging> Range(IQueryable<Tagging> taggings, FeedCursor? before, FeedCursor? after)
    {
        if (before is { } b)
        {
            return taggings.Where(t => EF.Functions.LessThan(ValueTuple.Create(t.CreatedAt, t.Id), ValueTuple.Create(b.CreatedAt, b.Id)));
        }
        return after is { } a
            ? taggings.Where(t => EF.Functions.GreaterThan(ValueTuple.Create(t.CreatedAt, t.Id), ValueTuple.Create(a.CreatedAt, a.Id)))
            : taggings;
    }

    private static IQueryable<Tagging> Ordered(IQueryable<Tagging> taggings, bool descending) =>
        descending
            ? taggings.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            : taggings.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id);

    /// <summary>
    /// Titles and reader names of the page's rows only, after the page is cut: one index probe per row each, as
    /// scalar subqueries. As joins, PostgreSQL hashed every transcript to find fifty titles (0.7 of the page's
    /// 0.9 ms at 2,000 transcripts, and growing with them).
    /// </summary>
    private IQueryable<LabelTaggingRow> Joined(IQueryable<Tagging> page, bool descending)
    {
        var rows = descending
            ? page.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            : page.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id);
        return rows.Select(t => new LabelTaggingRow(t.Id, t.TranscriptId,
            db.Transcripts.Where(tr => tr.Id == t.TranscriptId).Select(tr => tr.Title).First(),
            t.Quote,
            db.Users.Where(u => u.Id == t.UserId).Select(u => u.UserName).FirstOrDefault() ?? "",
            t.AppliedLabelName, t.CreatedAt));
    }

    private Task<bool> ExistsAsync(IReadOnlyList<int> family, FeedCursor than, bool older, CancellationToken ct) =>
        Range(Family(family), older ? than : null, older ? null : than).AnyAsync(ct);

    private static FeedCursor Cursor(LabelTaggingRow row) => FeedCursor.At(row.CreatedAt, row.Id);
}
