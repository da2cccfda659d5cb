using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Rendering;

namespace TranscriptReader.Core.Discussion;

/// <summary>
/// Reading discussion: a thread as a tree as one viewer may see it, the thread of a comment (permalinks), the
/// tagging a thread is about, and the instance-wide feed of recent comments. Reads only; never saves.
/// </summary>
/// <param name="db">Reads comments and their subjects.</param>
/// <param name="markdown">Renders comment bodies; falls back to plain text instead of throwing.</param>
public sealed class ThreadReader(AppDbContext db, SafeMarkdown markdown)
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

    /// <summary>The newest visible comments across the instance, newest first; <paramref name="page"/> starts at 1.</summary>
    public async Task<RecentCommentsPage> RecentAsync(int page, int pageSize, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        var rows = await (from c in db.Comments.AsNoTracking()
                          where c.DeletedAt == null && c.HiddenAt == null
                          join u in db.Users on c.AuthorId equals u.Id
                          orderby c.CreatedAt descending, c.Id descending
                          select new { c.Id, c.TranscriptId, c.TaggingId, c.ParentId, c.Body, c.CreatedAt, AuthorName = u.UserName })
            .Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(ct);
        var hasMore = rows.Count > pageSize;
        rows = rows.Take(pageSize).ToList();

        var taggingIds = rows.Where(r => r.TaggingId != null).Select(r => r.TaggingId!.Value).Distinct().ToList();
        var taggings = await (from t in db.Taggings.AsNoTracking()
                              where taggingIds.Contains(t.Id)
                              join c in db.LabelCanonicals on t.LabelId equals c.Id
                              join l in db.Labels on c.CanonicalId equals l.Id
                              select new { t.Id, t.TranscriptId, t.Quote, LabelName = l.Name }).ToDictionaryAsync(t => t.Id, ct);
        var transcriptIds = rows.Select(r => r.TranscriptId ?? (taggings.TryGetValue(r.TaggingId!.Value, out var t) ? t.TranscriptId : 0))
            .Distinct().ToList();
        var titles = await db.Transcripts.AsNoTracking().Where(t => transcriptIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Title }).ToDictionaryAsync(t => t.Id, t => t.Title, ct);

        var items = new List<RecentComment>(rows.Count);
        foreach (var r in rows)
        {
            var tagging = r.TaggingId is { } tid ? taggings.GetValueOrDefault(tid) : null;
            var transcriptId = r.TranscriptId ?? tagging?.TranscriptId ?? 0;
            items.Add(new RecentComment(r.Id, new ThreadKey(r.TranscriptId, r.TaggingId), transcriptId,
                titles.GetValueOrDefault(transcriptId, ""), tagging?.LabelName, tagging?.Quote, r.AuthorName ?? "",
                r.CreatedAt, r.ParentId != null, markdown.ToHtml(r.Body)));
        }
        return new RecentCommentsPage(items, page, pageSize, hasMore);
    }

    private IQueryable<Comment> ThreadComments(ThreadKey key) => key.TaggingId is { } taggingId
        ? db.Comments.Where(c => c.TaggingId == taggingId)
        : db.Comments.Where(c => c.TranscriptId == key.TranscriptId);
}
