using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Rendering;
using TranscriptReader.Core.Text;

namespace TranscriptReader.Core.Discussion;

/// <summary>
/// A reader's own writes in a thread: posting a comment or reply, editing it (the previous body is kept for
/// moderators), and soft deletion. Each write is one save.
/// </summary>
/// <remarks>
/// A locked thread refuses new comments and edits from everyone, moderators included (they unlock first):
/// a conflict with the thread's state, not a lack of rights. Deleting one's own comment stays possible so
/// nobody is stuck with words they regret.
/// </remarks>
public sealed class CommentWriter(AppDbContext db, TimeProvider clock, ILogger<CommentWriter> logger)
{
    public const int MaxBodyLength = 10_000;

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
        if (!TextRules.IsCleanText(body))
        {
            return "The comment contains characters that cannot be stored (a NUL character or a broken emoji); remove them and try again.";
        }
        // Markdig cannot render such text, and every reader of the thread would get an error page.
        return SafeMarkdown.Instance.IsTooDeeplyNested(body) ? SafeMarkdown.NestingMessage("The comment") : null;
    }

    /// <summary>Form posts send CRLF line breaks; store LF only and drop trailing blank space, so counts and edits compare fairly.</summary>
    public static string NormalizeBody(string body) =>
        body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd();

    /// <summary>Posts a comment in the thread of <paramref name="key"/>, as a reply to <paramref name="parentId"/> when given.</summary>
    public async Task<Outcome<CommentRef>> PostAsync(ThreadKey key, long? parentId, string userId, string? body, CancellationToken ct = default)
    {
        if ((key.TranscriptId is null) == (key.TaggingId is null))
        {
            return Failure.Invalid("Name exactly one thread: a transcript or a tagging.");
        }
        var text = body is null ? null : NormalizeBody(body);
        if (ValidateBody(text) is { } error)
        {
            return Failure.Invalid(error);
        }
        var subject = await ThreadSubject.FindAsync(db, key, ct);
        if (subject is null)
        {
            return Failure.NotFound(key.IsTagging ? "That tagging does not exist (it may have been removed)." : "That transcript does not exist.");
        }
        if (subject.Locked)
        {
            return Failure.Conflict("This thread is locked by a moderator: no new comments.");
        }
        if (parentId is { } pid)
        {
            var parent = await db.Comments.AsNoTracking().Where(c => c.Id == pid)
                .Select(c => new { c.TranscriptId, c.TaggingId }).FirstOrDefaultAsync(ct);
            if (parent is null || parent.TranscriptId != key.TranscriptId || parent.TaggingId != key.TaggingId)
            {
                // The tagging may have been deleted since it was found above, taking its thread (the parent
                // included) with it: that is a 404 like any reply to a removed tagging, not the reader's mistake.
                if (key.IsTagging && await ThreadSubject.FindAsync(db, key, ct) is null)
                {
                    return Failure.NotFound("That tagging was removed a moment ago, with its discussion.");
                }
                return Failure.Invalid("The comment you replied to is not part of this thread.");
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
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
        {
            // The tagging (and with it its thread, parent included) was deleted between the checks above
            // and this insert: under load that race is real, and it was answered with a 500.
            return Failure.NotFound(key.IsTagging ? "That tagging was removed a moment ago, with its discussion." : "That comment or transcript was removed a moment ago.");
        }
        logger.LogInformation("User {UserId} posted comment {CommentId} on {Thread}", userId, comment.Id, key.PagePath);
        return new CommentRef(comment.Id, key);
    }

    /// <summary>Replaces the body of the author's own comment, keeping the previous body as a revision.</summary>
    public async Task<Outcome<CommentRef>> EditAsync(long commentId, string userId, string? body, CancellationToken ct = default)
    {
        var text = body is null ? null : NormalizeBody(body);
        if (ValidateBody(text) is { } error)
        {
            return Failure.Invalid(error);
        }
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId, ct);
        if (comment is null || comment.DeletedAt is not null)
        {
            return Failure.NotFound("That comment does not exist or was deleted.");
        }
        var key = new ThreadKey(comment.TranscriptId, comment.TaggingId);
        if (comment.AuthorId != userId)
        {
            return Failure.Forbidden("You can only edit your own comments.");
        }
        var subject = await ThreadSubject.FindAsync(db, key, ct);
        if (subject is null)
        {
            // Its tagging was deleted after the comment was read, taking the thread with it.
            return Failure.NotFound("That comment was removed a moment ago, with its discussion.");
        }
        if (subject.Locked)
        {
            return Failure.Conflict("This thread is locked by a moderator: comments cannot be edited.");
        }
        if (comment.Body == text)
        {
            return new CommentRef(comment.Id, key);
        }
        var now = clock.GetUtcNow();
        db.CommentRevisions.Add(new CommentRevision { CommentId = comment.Id, Body = comment.Body, RevisedAt = now });
        comment.Body = text!;
        comment.EditedAt = now;
        await db.SaveChangesAsync(ct);
        return new CommentRef(comment.Id, key);
    }

    /// <summary>Soft delete by the author: the body is no longer shown, replies stay where they are.</summary>
    public async Task<Outcome<CommentRef>> DeleteAsync(long commentId, string userId, CancellationToken ct = default)
    {
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId, ct);
        if (comment is null)
        {
            return Failure.NotFound("That comment does not exist.");
        }
        if (comment.AuthorId != userId)
        {
            return Failure.Forbidden("You can only delete your own comments.");
        }
        if (comment.DeletedAt is null)
        {
            comment.DeletedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return new CommentRef(comment.Id, new ThreadKey(comment.TranscriptId, comment.TaggingId));
    }
}
