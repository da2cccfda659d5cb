using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Paging;
using TranscriptReader.Core.Rendering;

namespace TranscriptReader.Core.Discussion;

/// <summary>
/// Reading discussion: a thread as a tree as one viewer may see it, the thread of a comment (permalinks), the
/// tagging a thread is about, and the instance-wide feed of recent comments. Reads only; never saves.
/// </summary>
/// <param name="db">Reads comments and their subjects.</param>
/// <param name="markdown">Renders comment bodies through the one safe pipeline, keeping recent results (the feed renders 30
/// comments per request); falls back to plain text instead of throwing.</param>
public sealed class ThreadReader(AppDbContext db, MarkdownCache markdown)
{
    /// <summary>Loads a thread with one query for its comments and builds the tree in memory; null if the subject does not exist.</summary>
    public async Task<DiscussionThread?> LoadAsync(ThreadKey key, DiscussionViewer viewer, CancellationToken ct = default)
    {
        var subject = await ThreadSubject.FindAsync(db, key, ct);
        if (subject is null)
        {
            return null;
        }
        var rows = await (from c in ThreadComments(key)
                          join u in db.Users on c.AuthorId equals u.Id
                          orderby c.CreatedAt, c.Id
                          select new { Comment = c, AuthorName = u.UserName }).AsNoTracking().ToListAsync(ct);

        var revisions = viewer.IsModerator && rows.Any(r => r.Comment.EditedAt != null)
            ? (await db.CommentRevisions.AsNoTracking()
                .Where(r => ThreadComments(key).Select(c => c.Id).Contains(r.CommentId))
                .OrderByDescending(r => r.RevisedAt).ThenByDescending(r => r.Id)
                .ToListAsync(ct)).ToLookup(r => r.CommentId)
            : null;

        var thread = new DiscussionThread
        {
            Key = key,
            TranscriptId = subject.TranscriptId,
            TranscriptTitle = subject.TranscriptTitle,
            Locked = subject.Locked,
            VisibleCount = rows.Count(r => r.Comment.DeletedAt == null && r.Comment.HiddenAt == null),
        };
        foreach (var row in rows)
        {
            var c = row.Comment;
            var isOwn = viewer.UserId is not null && viewer.UserId == c.AuthorId;
            var mayReadHidden = viewer.IsModerator || isOwn;
            var visible = c.DeletedAt is null && (c.HiddenAt is null || mayReadHidden);
            var view = new CommentView
            {
                Id = c.Id,
                ParentId = c.ParentId,
                AuthorId = c.AuthorId,
                AuthorName = row.AuthorName ?? "",
                CreatedAt = c.CreatedAt,
                EditedAt = c.EditedAt,
                DeletedAt = c.DeletedAt,
                HiddenAt = c.HiddenAt,
                HiddenReason = mayReadHidden ? c.HiddenReason : null,
                BodyVisible = visible,
                Markdown = visible ? c.Body : null,
                Html = visible ? markdown.ToHtml(c.Body) : "",
                IsOwn = isOwn,
            };
            if (revisions is not null)
            {
                view.Revisions.AddRange(revisions[c.Id].Select(r => new CommentRevisionView(r.RevisedAt, r.Body)));
            }
            thread.ById[c.Id] = view;
        }

        // Rows are oldest first, so appending keeps every level oldest first.
        foreach (var view in thread.ById.Values.OrderBy(v => v.CreatedAt).ThenBy(v => v.Id))
        {
            if (view.ParentId is { } parentId && thread.ById.TryGetValue(parentId, out var parent))
            {
                view.ParentAuthorName = parent.AuthorName;
                parent.Replies.Add(view);
            }
            else
            {
                thread.Roots.Add(view);
            }
        }
        foreach (var root in thread.Roots)
        {
            root.Depth = 1;
            var stack = new Stack<CommentView>([root]);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                foreach (var reply in node.Replies)
                {
                    reply.Depth = node.Depth + 1;
                    stack.Push(reply);
                }
            }
        }
        return thread;
    }

    /// <summary>The thread a comment belongs to, for permalinks.</summary>
    public async Task<ThreadKey?> FindThreadOfCommentAsync(long commentId, CancellationToken ct = default)
    {
        var c = await db.Comments.AsNoTracking().Where(x => x.Id == commentId)
            .Select(x => new { x.TranscriptId, x.TaggingId }).FirstOrDefaultAsync(ct);
        return c is null ? null : new ThreadKey(c.TranscriptId, c.TaggingId);
    }

    /// <summary>What a tagging's thread page shows above the comments; null when the tagging does not exist.</summary>
    public async Task<TaggingContext?> GetTaggingAsync(long taggingId, CancellationToken ct = default) =>
        await (from t in db.Taggings.AsNoTracking()
               where t.Id == taggingId
               join c in db.LabelCanonicals on t.LabelId equals c.Id
               join l in db.Labels on c.CanonicalId equals l.Id
               join tr in db.Transcripts on t.TranscriptId equals tr.Id
               join u in db.Users on t.UserId equals u.Id into users
               from u in users.DefaultIfEmpty()
               select new TaggingContext(t.Id, t.TranscriptId, tr.Title, l.Name, l.Color, t.Quote,
                   u == null ? "" : u.UserName ?? "", t.CreatedAt, t.CommentsLocked)).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The newest visible comments across the instance, newest first, by page number (<paramref name="page"/> starts
    /// at 1): the feed's links before keyset pages, kept working. Deep pages cost OFFSET; the feed's own links are keyset.
    /// </summary>
    public async Task<RecentCommentsPage> RecentAsync(int page, int pageSize, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        var rows = await WithAuthors(Visible().OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip((page - 1) * pageSize).Take(pageSize + 1)).ToListAsync(ct);
        var older = rows.Count > pageSize;
        rows = rows.Take(pageSize).ToList();
        var newer = page > 1 && (rows.Count > 0 ? await NewerExistsAsync(Cursor(rows[0]), ct) : await Visible().AnyAsync(ct));
        return await PageAsync(rows, page, pageSize, older, newer, ct);
    }

    /// <summary>
    /// A keyset page of the newest visible comments: the <paramref name="pageSize"/> comments just older than
    /// <paramref name="before"/>, or just newer than <paramref name="after"/> (still listed newest first), or the
    /// newest when neither is given. Each page is one range of the visible-comments index, however deep.
    /// </summary>
    /// <param name="before">Continue with the comments older than this one (the "Older" link).</param>
    /// <param name="after">Go back to the comments newer than this one (the "Newer" link); ignored with <paramref name="before"/>.</param>
    /// <param name="pageSize">Comments per page, 1 to 100.</param>
    /// <param name="ct">Cancels the queries.</param>
    public async Task<RecentCommentsPage> RecentAsync(FeedCursor? before, FeedCursor? after, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, 100);
        if (before is null && after is { } a)
        {
            var newerRows = await WithAuthors(Visible()
                .Where(c => EF.Functions.GreaterThan(ValueTuple.Create(c.CreatedAt, c.Id), ValueTuple.Create(a.CreatedAt, a.Id)))
                .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Take(pageSize + 1)).ToListAsync(ct);
            // Reaching the newest comments going back: that is the first page, full, as the feed starts.
            if (newerRows.Count > pageSize)
            {
                newerRows = newerRows.Take(pageSize).Reverse().ToList();
                return await PageAsync(newerRows, null, pageSize, await OlderExistsAsync(Cursor(newerRows[^1]), ct), true, ct);
            }
            before = null;
        }
        var query = Visible();
        if (before is { } b)
        {
            query = query.Where(c => EF.Functions.LessThan(ValueTuple.Create(c.CreatedAt, c.Id), ValueTuple.Create(b.CreatedAt, b.Id)));
        }
        var rows = await WithAuthors(query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(pageSize + 1)).ToListAsync(ct);
        var older = rows.Count > pageSize;
        rows = rows.Take(pageSize).ToList();
        var newer = before is { } first && await NewerExistsAsync(rows.Count > 0 ? Cursor(rows[0]) : first, ct);
        return await PageAsync(rows, before is null ? 1 : null, pageSize, older, newer, ct);
    }

    /// <summary>A comment of the feed as read, before its thread's context is added.</summary>
    private sealed record FeedRow(long Id, long? TranscriptId, long? TaggingId, long? ParentId, string Body, DateTimeOffset CreatedAt, string? AuthorName,
        string? Title);

    /// <summary>Comments the feed lists: neither deleted nor hidden (the partial index <c>ix_comments_created_at_id</c>).</summary>
    private IQueryable<Comment> Visible() => db.Comments.AsNoTracking().Where(c => c.DeletedAt == null && c.HiddenAt == null);

    /// <summary>
    /// Authors and transcript titles read after the page is cut, by one index probe per row each (scalar
    /// subqueries), so PostgreSQL reads only the page's rows: as a join it hashed every reader.
    /// </summary>
    private IQueryable<FeedRow> WithAuthors(IQueryable<Comment> page) =>
        page.Select(c => new FeedRow(c.Id, c.TranscriptId, c.TaggingId, c.ParentId, c.Body, c.CreatedAt,
            db.Users.Where(u => u.Id == c.AuthorId).Select(u => u.UserName).FirstOrDefault(),
            db.Transcripts.Where(t => t.Id == (c.TranscriptId ?? db.Taggings.Where(g => g.Id == c.TaggingId).Select(g => g.TranscriptId).FirstOrDefault()))
                .Select(t => t.Title).FirstOrDefault()));

    private static FeedCursor Cursor(FeedRow row) => FeedCursor.At(row.CreatedAt, row.Id);

    private Task<bool> NewerExistsAsync(FeedCursor than, CancellationToken ct) =>
        Visible().AnyAsync(c => EF.Functions.GreaterThan(ValueTuple.Create(c.CreatedAt, c.Id), ValueTuple.Create(than.CreatedAt, than.Id)), ct);

    private Task<bool> OlderExistsAsync(FeedCursor than, CancellationToken ct) =>
        Visible().AnyAsync(c => EF.Functions.LessThan(ValueTuple.Create(c.CreatedAt, c.Id), ValueTuple.Create(than.CreatedAt, than.Id)), ct);

    /// <summary>The page's comments with their taggings' labels and quotes, in one small keyed read.</summary>
    private async Task<RecentCommentsPage> PageAsync(List<FeedRow> rows, int? page, int pageSize, bool older, bool newer, CancellationToken ct)
    {
        var taggingIds = rows.Where(r => r.TaggingId != null).Select(r => r.TaggingId!.Value).Distinct().ToList();
        var taggings = await (from t in db.Taggings.AsNoTracking()
                              where taggingIds.Contains(t.Id)
                              join c in db.LabelCanonicals on t.LabelId equals c.Id
                              join l in db.Labels on c.CanonicalId equals l.Id
                              select new { t.Id, t.TranscriptId, t.Quote, LabelName = l.Name }).ToDictionaryAsync(t => t.Id, ct);

        var items = new List<RecentComment>(rows.Count);
        foreach (var r in rows)
        {
            var tagging = r.TaggingId is { } tid ? taggings.GetValueOrDefault(tid) : null;
            var transcriptId = r.TranscriptId ?? tagging?.TranscriptId ?? 0;
            items.Add(new RecentComment(r.Id, new ThreadKey(r.TranscriptId, r.TaggingId), transcriptId,
                r.Title ?? "", tagging?.LabelName, tagging?.Quote, r.AuthorName ?? "",
                r.CreatedAt, r.ParentId != null, markdown.ToHtml(r.Body)));
        }
        return new RecentCommentsPage(items, page, pageSize,
            older && rows.Count > 0 ? Cursor(rows[^1]) : null, newer && rows.Count > 0 ? Cursor(rows[0]) : null, newer);
    }

    private IQueryable<Comment> ThreadComments(ThreadKey key) => key.TaggingId is { } taggingId
        ? db.Comments.Where(c => c.TaggingId == taggingId)
        : db.Comments.Where(c => c.TranscriptId == key.TranscriptId);
}
