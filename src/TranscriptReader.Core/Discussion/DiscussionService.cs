using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Rendering;

namespace TranscriptReader.Core.Discussion;

/// <summary>
/// Threads of comments on transcripts and taggings: reading them as trees, posting, editing,
/// soft deletion, and the moderator actions (hide, lock), which are audited.
/// </summary>
/// <remarks>
/// A locked thread refuses new comments and edits from everyone, moderators included (they unlock
/// first); deleting one's own comment stays possible so nobody is stuck with words they regret.
/// Counts everywhere mean comments that are neither deleted nor hidden.
/// </remarks>
public sealed class DiscussionService(AppDbContext db, AuditLog audit, TimeProvider clock, ILogger<DiscussionService> logger)
{
    public const int MaxBodyLength = 10_000;
    public const int MaxHideReasonLength = 500;
    public const string DeletedText = "[deleted]";

    /// <summary>Loads a thread with one query for its comments and builds the tree in memory; null if the subject does not exist.</summary>
    public async Task<DiscussionThread?> LoadAsync(ThreadKey key, DiscussionViewer viewer, CancellationToken ct = default)
    {
        var subject = await FindSubjectAsync(key, ct);
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
                Html = visible ? SafeMarkdown.Instance.ToHtml(c.Body) : "",
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

    /// <summary>Checks a comment body; null when acceptable, otherwise a message for the reader.</summary>
    public static string? ValidateBody(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "Write something first: a comment cannot be empty.";
        }
        if (body.Length > MaxBodyLength)
        {
            return $"A comment can have at most {MaxBodyLength:N0} characters; this one has {body.Length:N0}. Shorten it or split it into two comments.";
        }
        if (body.Contains('\0', StringComparison.Ordinal) || HasLoneSurrogate(body))
        {
            return "The comment contains characters that cannot be stored (a NUL character or a broken emoji); remove them and try again.";
        }
        return null;
    }

    /// <summary>Form posts send CRLF line breaks; store LF only and drop trailing blank space, so counts and edits compare fairly.</summary>
    public static string NormalizeBody(string body) =>
        body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd();

    public async Task<DiscussionResult> PostAsync(ThreadKey key, long? parentId, string userId, string? body, CancellationToken ct = default)
    {
        if ((key.TranscriptId is null) == (key.TaggingId is null))
        {
            return DiscussionResult.Invalid("Name exactly one thread: a transcript or a tagging.");
        }
        var text = body is null ? null : NormalizeBody(body);
        if (ValidateBody(text) is { } error)
        {
            return DiscussionResult.Invalid(error);
        }
        var subject = await FindSubjectAsync(key, ct);
        if (subject is null)
        {
            return DiscussionResult.NotFound(key.IsTagging ? "That tagging does not exist (it may have been removed)." : "That transcript does not exist.");
        }
        if (subject.Locked)
        {
            return DiscussionResult.Forbidden("This thread is locked by a moderator: no new comments.");
        }
        if (parentId is { } pid)
        {
            var parent = await db.Comments.AsNoTracking().Where(c => c.Id == pid)
                .Select(c => new { c.TranscriptId, c.TaggingId }).FirstOrDefaultAsync(ct);
            if (parent is null || parent.TranscriptId != key.TranscriptId || parent.TaggingId != key.TaggingId)
            {
                // The tagging may have been deleted since it was found above, taking its thread (the parent
                // included) with it: that is a 404 like any reply to a removed tagging, not the reader's mistake.
                if (key.IsTagging && await FindSubjectAsync(key, ct) is null)
                {
                    return DiscussionResult.NotFound("That tagging was removed a moment ago, with its discussion.");
                }
                return DiscussionResult.Invalid("The comment you replied to is not part of this thread.");
            }
        }

        var now = clock.GetUtcNow();
        var comment = new Comment
        {
            TranscriptId = key.TranscriptId,
            TaggingId = key.TaggingId,
            ParentId = parentId,
            AuthorId = userId,
            Body = text!,
            CreatedAt = now,
        };
        db.Comments.Add(comment);
        // Tracked and saved together with the comment, so both land in one transaction.
        var transcript = await db.Transcripts.FirstAsync(t => t.Id == subject.TranscriptId, ct);
        transcript.LastActivityAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ForeignKeyViolation })
        {
            // The tagging (and with it its thread, parent included) was deleted between the checks above
            // and this insert: under load that race is real, and it was answered with a 500.
            return DiscussionResult.NotFound(key.IsTagging ? "That tagging was removed a moment ago, with its discussion." : "That comment or transcript was removed a moment ago.");
        }
        logger.LogInformation("User {UserId} posted comment {CommentId} on {Thread}", userId, comment.Id, key.PagePath);
        return DiscussionResult.Success(comment.Id, key);
    }

    public async Task<DiscussionResult> EditAsync(long commentId, string userId, string? body, CancellationToken ct = default)
    {
        var text = body is null ? null : NormalizeBody(body);
        if (ValidateBody(text) is { } error)
        {
            return DiscussionResult.Invalid(error);
        }
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId, ct);
        if (comment is null || comment.DeletedAt is not null)
        {
            return DiscussionResult.NotFound("That comment does not exist or was deleted.");
        }
        var key = new ThreadKey(comment.TranscriptId, comment.TaggingId);
        if (comment.AuthorId != userId)
        {
            return DiscussionResult.Forbidden("You can only edit your own comments.");
        }
        var subject = await FindSubjectAsync(key, ct);
        if (subject is null || subject.Locked)
        {
            return DiscussionResult.Forbidden("This thread is locked by a moderator: comments cannot be edited.");
        }
        if (comment.Body == text)
        {
            return DiscussionResult.Success(comment.Id, key);
        }
        var now = clock.GetUtcNow();
        db.CommentRevisions.Add(new CommentRevision { CommentId = comment.Id, Body = comment.Body, RevisedAt = now });
        comment.Body = text!;
        comment.EditedAt = now;
        await db.SaveChangesAsync(ct);
        return DiscussionResult.Success(comment.Id, key);
    }

    /// <summary>Soft delete by the author: the body is no longer shown, replies stay where they are.</summary>
    public async Task<DiscussionResult> DeleteAsync(long commentId, string userId, CancellationToken ct = default)
    {
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId, ct);
        if (comment is null)
        {
            return DiscussionResult.NotFound("That comment does not exist.");
        }
        var key = new ThreadKey(comment.TranscriptId, comment.TaggingId);
        if (comment.AuthorId != userId)
        {
            return DiscussionResult.Forbidden("You can only delete your own comments.");
        }
        if (comment.DeletedAt is null)
        {
            comment.DeletedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return DiscussionResult.Success(comment.Id, key);
    }

    public async Task<DiscussionResult> HideAsync(long commentId, DiscussionViewer moderator, string? reason, CancellationToken ct = default)
    {
        if (!moderator.IsModerator || moderator.UserId is null)
        {
            return DiscussionResult.Forbidden("Only moderators can hide comments.");
        }
        var why = reason?.Trim() ?? "";
        if (why.Length == 0)
        {
            return DiscussionResult.Invalid("Give a reason for hiding the comment; the author will see it.");
        }
        if (why.Length > MaxHideReasonLength)
        {
            return DiscussionResult.Invalid($"Keep the reason under {MaxHideReasonLength} characters.");
        }
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId, ct);
        if (comment is null)
        {
            return DiscussionResult.NotFound("That comment does not exist.");
        }
        comment.HiddenAt = clock.GetUtcNow();
        comment.HiddenById = moderator.UserId;
        comment.HiddenReason = why;
        await audit.RecordAsync(moderator.UserId, "comment.hide", "comment", comment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { reason = why, authorId = comment.AuthorId }, ct);
        return DiscussionResult.Success(comment.Id, new ThreadKey(comment.TranscriptId, comment.TaggingId));
    }

    public async Task<DiscussionResult> UnhideAsync(long commentId, DiscussionViewer moderator, CancellationToken ct = default)
    {
        if (!moderator.IsModerator || moderator.UserId is null)
        {
            return DiscussionResult.Forbidden("Only moderators can unhide comments.");
        }
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId, ct);
        if (comment is null)
        {
            return DiscussionResult.NotFound("That comment does not exist.");
        }
        var previousReason = comment.HiddenReason;
        comment.HiddenAt = null;
        comment.HiddenById = null;
        comment.HiddenReason = null;
        await audit.RecordAsync(moderator.UserId, "comment.unhide", "comment", comment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { previousReason }, ct);
        return DiscussionResult.Success(comment.Id, new ThreadKey(comment.TranscriptId, comment.TaggingId));
    }

    public async Task<DiscussionResult> SetLockedAsync(ThreadKey key, DiscussionViewer moderator, bool locked, CancellationToken ct = default)
    {
        if (!moderator.IsModerator || moderator.UserId is null)
        {
            return DiscussionResult.Forbidden("Only moderators can lock or unlock threads.");
        }
        if (key.TaggingId is { } taggingId)
        {
            var tagging = await db.Taggings.FirstOrDefaultAsync(t => t.Id == taggingId, ct);
            if (tagging is null)
            {
                return DiscussionResult.NotFound("That tagging does not exist.");
            }
            tagging.CommentsLocked = locked;
        }
        else
        {
            var transcript = await db.Transcripts.FirstOrDefaultAsync(t => t.Id == key.TranscriptId, ct);
            if (transcript is null)
            {
                return DiscussionResult.NotFound("That transcript does not exist.");
            }
            transcript.CommentsLocked = locked;
        }
        var (type, id) = key.IsTagging ? ("tagging", key.TaggingId!.Value) : ("transcript", key.TranscriptId!.Value);
        await audit.RecordAsync(moderator.UserId, locked ? "thread.lock" : "thread.unlock", type,
            id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, ct);
        return DiscussionResult.Success(0, key);
    }

    /// <summary>Visible comments (not deleted, not hidden) in each tagging's thread; taggings without comments are absent.</summary>
    public async Task<Dictionary<long, int>> CountsForTaggingsAsync(IEnumerable<long> taggingIds, CancellationToken ct = default)
    {
        var ids = taggingIds.Distinct().ToArray();
        return await db.Comments.AsNoTracking()
            .Where(c => c.TaggingId != null && ids.Contains(c.TaggingId.Value) && c.DeletedAt == null && c.HiddenAt == null)
            .GroupBy(c => c.TaggingId!.Value)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }

    /// <summary>Visible comments in each transcript's own thread (not its taggings' threads); transcripts without comments are absent.</summary>
    public async Task<Dictionary<long, int>> CountsForTranscriptsAsync(IEnumerable<long> transcriptIds, CancellationToken ct = default)
    {
        var ids = transcriptIds.Distinct().ToArray();
        return await db.Comments.AsNoTracking()
            .Where(c => c.TranscriptId != null && ids.Contains(c.TranscriptId.Value) && c.DeletedAt == null && c.HiddenAt == null)
            .GroupBy(c => c.TranscriptId!.Value)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }

    /// <summary>
    /// Visible comments in the threads of each transcript's taggings (not its own thread), grouped in one query
    /// for all the transcripts; transcripts without such comments are absent.
    /// </summary>
    public async Task<Dictionary<long, int>> CountsOnTaggingsOfTranscriptsAsync(IEnumerable<long> transcriptIds, CancellationToken ct = default)
    {
        var ids = transcriptIds.Distinct().ToArray();
        return await (from c in db.Comments.AsNoTracking()
                      join g in db.Taggings on c.TaggingId equals g.Id
                      where ids.Contains(g.TranscriptId) && c.DeletedAt == null && c.HiddenAt == null
                      group c by g.TranscriptId into x
                      select new { x.Key, Count = x.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }

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
                r.CreatedAt, r.ParentId != null, SafeMarkdown.Instance.ToHtml(r.Body)));
        }
        return new RecentCommentsPage(items, page, pageSize, hasMore);
    }

    private IQueryable<Comment> ThreadComments(ThreadKey key) => key.TaggingId is { } taggingId
        ? db.Comments.Where(c => c.TaggingId == taggingId)
        : db.Comments.Where(c => c.TranscriptId == key.TranscriptId);

    private sealed record Subject(long TranscriptId, string TranscriptTitle, bool Locked);

    private async Task<Subject?> FindSubjectAsync(ThreadKey key, CancellationToken ct)
    {
        if (key.TaggingId is { } taggingId)
        {
            return await (from t in db.Taggings.AsNoTracking()
                          where t.Id == taggingId
                          join tr in db.Transcripts on t.TranscriptId equals tr.Id
                          select new Subject(tr.Id, tr.Title, t.CommentsLocked)).FirstOrDefaultAsync(ct);
        }
        return await db.Transcripts.AsNoTracking().Where(t => t.Id == key.TranscriptId)
            .Select(t => new Subject(t.Id, t.Title, t.CommentsLocked)).FirstOrDefaultAsync(ct);
    }

    private static bool HasLoneSurrogate(string s)
    {
        var span = s.AsSpan();
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(span, out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return true;
            }
            span = span[consumed..];
        }
        return false;
    }
}
