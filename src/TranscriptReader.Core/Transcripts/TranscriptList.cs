using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Core.Transcripts;

/// <summary>What the transcript list shows: the filters of its form, in the sort the reader chose.</summary>
/// <param name="Q">Full-text words for the blocks (web-search syntax) and a substring of the title.</param>
/// <param name="CollectionId">Imported into this collection, or added to it by a later import.</param>
/// <param name="Model">Exactly this model name.</param>
/// <param name="MetadataJson">A JSON object the metadata must contain (<see cref="MetadataFilter.ToJson"/>).</param>
/// <param name="Sort"><c>activity</c>, <c>title</c>, or anything else for newest import first.</param>
/// <param name="Reader">The signed-in reader, whose done marks the rows show; null for a visitor.</param>
/// <param name="NotDoneByReader">Only transcripts <paramref name="Reader"/> has not marked done.</param>
public sealed record TranscriptListFilter(
    string? Q, int? CollectionId, string? Model, string? MetadataJson, string? Sort, string? Reader, bool NotDoneByReader);

/// <summary>Which page: after or before a listed transcript (keyset), or else the <paramref name="Number"/>th page by offset.</summary>
public sealed record TranscriptListPosition(int Number, long? After, long? Before);

/// <summary>A listed transcript; its comments are the visible ones on the transcript and on its taggings.</summary>
public sealed record TranscriptListRow(
    long Id, string Title, string? Model, string? Collection, int CharCount, int Messages,
    int Taggings, int Comments, DateTimeOffset ImportedAt, DateTimeOffset LastActivityAt, int Done, bool DoneByMe);

/// <summary>How many transcripts match: exact, or the planner's estimate where counting would read every match.</summary>
/// <param name="Value">The count, or the estimate (never below what is known to exist).</param>
/// <param name="IsExact">False when <paramref name="Value"/> is an estimate, to be shown as "about".</param>
/// <param name="IsLowerBound">True when more than <paramref name="Value"/> match and the estimate said fewer.</param>
public sealed record TranscriptListCount(long Value, bool IsExact, bool IsLowerBound);

public sealed record TranscriptListPage(List<TranscriptListRow> Rows, TranscriptListCount Count, bool HasPrevious, bool HasNext);

/// <summary>
/// The transcript list. Its cost stays flat as transcripts, blocks and taggings grow: a page reads its 51 rows
/// in index order (keyset after or before a listed row, offset only for a typed page number), a search
/// checks blocks transcript by transcript until the page is full, and the count is exact only when at most
/// <see cref="ExactCountLimit"/> transcripts match, which costs at most that many rows; otherwise it is the
/// planner's estimate, shown as "about". Per-row figures are cached by page version (<see cref="TranscriptListCache"/>) and counted from kept counts or small index ranges.
/// </summary>
public sealed class TranscriptList(AppDbContext db, TranscriptListCache cache)
{
    public const int PageSize = 50;

    /// <summary>Up to this many matches are counted exactly; beyond, counting would cost a read of every match.</summary>
    public const int ExactCountLimit = 1000;

    public async Task<TranscriptListPage> ReadAsync(TranscriptListFilter filter, TranscriptListPosition position, CancellationToken ct = default)
    {
        var cursor = position.After ?? position.Before;
        var key = cursor is null ? null
            : await db.Transcripts.AsNoTracking().Where(t => t.Id == cursor)
                .Select(t => new CursorKey(t.Id, t.ImportedAt, t.LastActivityAt, t.Title)).FirstOrDefaultAsync(ct);
        // A cursor that no longer exists starts over at the first page.
        var reversed = key is not null && position.After is null;
        var offset = key is null ? (Math.Max(1, position.Number) - 1) * PageSize : 0;
        // Each arm of a search is ordered and cut on its own, so each reads its rows in index order and stops.
        IQueryable<Transcript> Arm(IQueryable<Transcript> arm) =>
            Ordered(key is null ? arm : After(arm, filter.Sort, key, later: position.After is not null), filter.Sort, reversed).Take(offset + PageSize + 1);
        var ordered = Ordered(Filtered(filter, Arm), filter.Sort, reversed);
        var me = filter.Reader;
        // The figures beside each title come from the cache by page version; only transcripts written since
        // they were last listed are counted (FiguresAsync).
        var listed = await ordered.Skip(offset).Take(PageSize + 1)
            .Select(t => new Listed(
                t.Id, t.Title, t.Model, t.Collection!.Name, t.CharCount, t.ImportedAt, t.LastActivityAt,
                AppDbContext.TranscriptPageVersion(t.Id),
                me != null && db.DoneMarks.Any(d => d.TranscriptId == t.Id && d.UserId == me)))
            .ToListAsync(ct);
        var more = listed.Count > PageSize;
        listed = listed.Take(PageSize).ToList();
        var figured = await FiguresAsync(listed, ct);
        // A transcript deleted between the two statements is no longer listed.
        var rows = new List<TranscriptListRow>(listed.Count);
        foreach (var l in listed)
        {
            if (figured.TryGetValue(l.Id, out var f))
            {
                rows.Add(new TranscriptListRow(l.Id, l.Title, l.Model, l.Collection, l.CharCount, f.Messages, f.Taggings, f.Comments,
                    l.ImportedAt, l.LastActivityAt, f.Done, l.DoneByMe));
            }
        }
        if (reversed)
        {
            rows.Reverse();
        }
        var hasPrevious = reversed ? more : key is not null || offset > 0;
        var hasNext = reversed || more;
        // The last page by offset, when it is not past the end, knows the total without a count.
        var count = !hasNext && key is null && (rows.Count > 0 || offset == 0)
            ? new TranscriptListCount(offset + rows.Count, true, false)
            : await CountAsync(filter, Filtered(filter, arm => arm), ct);
        return new TranscriptListPage(rows, count, hasPrevious, hasNext);
    }

    /// <summary>Every distinct model name, by a skip over the model index (one probe per name, not a read of every transcript).</summary>
    public async Task<List<string>> ModelsAsync(CancellationToken ct = default) =>
        await db.Database.SqlQueryRaw<string>("""
            WITH RECURSIVE m AS (
                (SELECT model FROM transcripts WHERE model IS NOT NULL ORDER BY model LIMIT 1)
                UNION ALL
                SELECT (SELECT t.model FROM transcripts t WHERE t.model > m.model ORDER BY t.model LIMIT 1) FROM m WHERE m.model IS NOT NULL)
            SELECT model AS "Value" FROM m WHERE model IS NOT NULL
            """).ToListAsync(ct);

    private sealed record CursorKey(long Id, DateTimeOffset ImportedAt, DateTimeOffset LastActivityAt, string Title);

    private sealed record Listed(
        long Id, string Title, string? Model, string? Collection, int CharCount, DateTimeOffset ImportedAt, DateTimeOffset LastActivityAt,
        long PageVersion, bool DoneByMe);

    /// <summary>
    /// Each listed transcript's figures: from the cache under the page version read with the row, else counted in
    /// one statement for all the missing ones and cached under the version that statement read with them (the
    /// same snapshot, so the entry holds exactly that version's figures; it may be newer than the row's).
    /// </summary>
    private async Task<Dictionary<long, TranscriptFigures>> FiguresAsync(List<Listed> listed, CancellationToken ct)
    {
        var found = new Dictionary<long, TranscriptFigures>(listed.Count);
        foreach (var l in listed)
        {
            if (cache.TryGet(l.Id, l.PageVersion, out var cached))
            {
                found[l.Id] = cached;
            }
        }
        var missing = listed.Where(l => !found.ContainsKey(l.Id)).Select(l => l.Id).ToArray();
        if (missing.Length == 0)
        {
            return found;
        }
        var counted = await db.Transcripts.AsNoTracking().Where(t => missing.Contains(t.Id))
            .Select(t => new
            {
                t.Id,
                PageVersion = AppDbContext.TranscriptPageVersion(t.Id),
                Messages = t.Messages.Count(),
                // Kept by the label-count triggers; a transcript has at most one row per live label.
                Taggings = db.LabelTranscriptCounts.Where(c => c.TranscriptId == t.Id).Sum(c => (int?)c.Taggings) ?? 0,
                // Kept by the comment-count triggers: the transcript's own thread and one row per tagging with comments.
                Comments = (db.TranscriptCommentCounts.Where(c => c.TranscriptId == t.Id).Sum(c => (int?)c.Comments) ?? 0)
                    + (db.TaggingCommentCounts.Where(c => c.TranscriptId == t.Id).Sum(c => (int?)c.Comments) ?? 0),
                Done = db.DoneMarks.Count(d => d.TranscriptId == t.Id),
            })
            .ToListAsync(ct);
        foreach (var c in counted)
        {
            var counts = new TranscriptFigures(c.Messages, c.Taggings, c.Comments, c.Done);
            cache.Set(c.Id, c.PageVersion, counts);
            found[c.Id] = counts;
        }
        return found;
    }

    /// <summary>The matching transcripts as disjoint parts (a collection's own and its added members; a search's text and title matches), each shaped by <paramref name="arm"/> before they are put together.</summary>
    private IQueryable<Transcript> Filtered(TranscriptListFilter filter, Func<IQueryable<Transcript>, IQueryable<Transcript>> arm)
    {
        var query = db.Transcripts.AsNoTracking();
        if (filter is { NotDoneByReader: true, Reader: { } me })
        {
            query = query.Where(t => !db.DoneMarks.Any(d => d.TranscriptId == t.Id && d.UserId == me));
        }
        if (!string.IsNullOrWhiteSpace(filter.Model))
        {
            query = query.Where(t => t.Model == filter.Model);
        }
        if (filter.MetadataJson is { } json)
        {
            query = query.Where(t => EF.Functions.JsonContains(t.MetadataJson, json));
        }
        // Disjoint parts instead of an OR, each ordered and cut on its own (arm) and put together with UNION ALL:
        // PostgreSQL can drive each from its own index, where an OR makes it walk the sort order testing both.
        IEnumerable<IQueryable<Transcript>> parts = [query];
        if (filter.CollectionId is { } collectionId)
        {
            // In the collection it was imported into (an index range in the list's order), or added to it by a later
            // import that found it as a duplicate (from the few collection_members rows). As one OR, the free tier's
            // first page walked past every later import of another collection, with a members probe for each.
            parts = [
                query.Where(t => t.CollectionId == collectionId),
                query.Where(t => t.CollectionId != collectionId && db.CollectionMembers.Any(m => m.CollectionId == collectionId && m.TranscriptId == t.Id)),
            ];
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            var pattern = "%" + q.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            // Matched in a block, or else only in the title: as two parts, each can be a semi-join the planner drives
            // from either side: along the sort index, a block probe per transcript until the page is full (a common
            // word), or from the full-text index, the few matching blocks first (a rare one). An OR would force one.
            // The words go into the statement as literals (EF.Constant), not parameters: a prepared statement may be
            // planned once for any value (plan_cache_mode auto), and a search planned without its words cannot tell a
            // common word from a rare one; on the bench data the wrong plan was 20 times slower. Each distinct search
            // is its own statement.
            parts = parts.SelectMany(part => new[]
            {
                part.Where(t => db.Blocks.Any(b => b.TranscriptId == t.Id
                    && EF.Property<NpgsqlTsVector>(b, "SearchVector").Matches(EF.Functions.WebSearchToTsQuery("english", EF.Constant(q))))),
                part.Where(t => EF.Functions.ILike(t.Title, EF.Constant(pattern)) && !db.Blocks.Any(b => b.TranscriptId == t.Id
                    && EF.Property<NpgsqlTsVector>(b, "SearchVector").Matches(EF.Functions.WebSearchToTsQuery("english", EF.Constant(q))))),
            }).ToList();
        }
        // PostgreSQL 15 does not push the outer LIMIT into the parts of a UNION ALL, so each part is cut by arm; ReadAsync
        // orders the whole again (a Merge Append of the ordered parts).
        return parts.Select(arm).Aggregate((a, b) => a.Concat(b));
    }

    /// <summary>Rows strictly after (<paramref name="later"/>) or before the cursor's row in the chosen order.</summary>
    private static IQueryable<Transcript> After(IQueryable<Transcript> query, string? sort, CursorKey key, bool later) => (sort, later) switch
    {
        // "Later in the list" is smaller for the descending sorts and larger for the title.
        ("activity", true) => query.Where(t => EF.Functions.LessThan(ValueTuple.Create(t.LastActivityAt, t.Id), ValueTuple.Create(key.LastActivityAt, key.Id))),
        ("activity", false) => query.Where(t => EF.Functions.GreaterThan(ValueTuple.Create(t.LastActivityAt, t.Id), ValueTuple.Create(key.LastActivityAt, key.Id))),
        ("title", true) => query.Where(t => EF.Functions.GreaterThan(ValueTuple.Create(t.Title, t.Id), ValueTuple.Create(key.Title, key.Id))),
        ("title", false) => query.Where(t => EF.Functions.LessThan(ValueTuple.Create(t.Title, t.Id), ValueTuple.Create(key.Title, key.Id))),
        (_, true) => query.Where(t => EF.Functions.LessThan(ValueTuple.Create(t.ImportedAt, t.Id), ValueTuple.Create(key.ImportedAt, key.Id))),
        _ => query.Where(t => EF.Functions.GreaterThan(ValueTuple.Create(t.ImportedAt, t.Id), ValueTuple.Create(key.ImportedAt, key.Id))),
    };

    private static IQueryable<Transcript> Ordered(IQueryable<Transcript> query, string? sort, bool reversed) => (sort, reversed) switch
    {
        ("activity", false) => query.OrderByDescending(t => t.LastActivityAt).ThenByDescending(t => t.Id),
        ("activity", true) => query.OrderBy(t => t.LastActivityAt).ThenBy(t => t.Id),
        ("title", false) => query.OrderBy(t => t.Title).ThenBy(t => t.Id),
        ("title", true) => query.OrderByDescending(t => t.Title).ThenByDescending(t => t.Id),
        (_, false) => query.OrderByDescending(t => t.ImportedAt).ThenByDescending(t => t.Id),
        _ => query.OrderBy(t => t.ImportedAt).ThenBy(t => t.Id),
    };

    /// <summary>
    /// The planner's estimate first (it costs a plan, not a read, and is held a minute per filter); only when it is at most
    /// <see cref="ExactCountLimit"/> are the matches counted, and then never more than one past that limit.
    /// </summary>
    private async Task<TranscriptListCount> CountAsync(TranscriptListFilter filter, IQueryable<Transcript> query, CancellationToken ct)
    {
        var estimate = await cache.EstimateAsync(filter, () => EstimateAsync(query.Select(t => t.Id), ct));
        if (estimate > ExactCountLimit)
        {
            return new TranscriptListCount(Rounded(estimate), false, false);
        }
        var counted = await query.Select(t => t.Id).Take(ExactCountLimit + 1).CountAsync(ct);
        return counted > ExactCountLimit
            ? new TranscriptListCount(ExactCountLimit, false, true)
            : new TranscriptListCount(counted, true, false);
    }

    /// <summary>The row estimate of the query's plan: EXPLAIN of the very command EF would send, with its parameters.</summary>
    private async Task<long> EstimateAsync(IQueryable<long> query, CancellationToken ct)
    {
        await using DbCommand command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;
        var wasClosed = command.Connection!.State == System.Data.ConnectionState.Closed;
        if (wasClosed)
        {
            await command.Connection.OpenAsync(ct);
        }
        try
        {
            var json = (string)(await command.ExecuteScalarAsync(ct))!;
            using var plan = JsonDocument.Parse(json);
            return (long)plan.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
        }
        finally
        {
            if (wasClosed)
            {
                await command.Connection.CloseAsync();
            }
        }
    }

    /// <summary>Two significant digits: an estimate shown to the last digit would claim a precision it lacks.</summary>
    private static long Rounded(long estimate)
    {
        var unit = 1L;
        while (estimate / unit >= 100)
        {
            unit *= 10;
        }
        return (estimate + unit / 2) / unit * unit;
    }
}
