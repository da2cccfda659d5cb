using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Discussion;

/// <summary>
/// Moderators' actions on discussion: hiding and unhiding a comment, locking and unlocking a thread. Each
/// action and its audit entry are one save, so neither is ever stored without the other.
/// </summary>
public sealed class Moderation(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const int MaxHideReasonLength = 500;

    /// <summary>Hides a comment from everyone but its author and moderators; the reason is shown to the author.</summary>
    public async Task<Outcome<CommentRef>> HideAsync(long commentId, DiscussionViewer moderator, string? reason, CancellationToken ct = default)
    {
        if (!moderator.IsModerator || moderator.UserId is null)
        {
            return Failure.Forbidden("Only moderators can hide comments.");
        }
        var why = reason?.Trim() ?? "";
        if (why.Length == 0)
        {
            return Failure.Invalid("Give a reason for hiding the comment; the author will see it.");
        }
        if (why.Length > MaxHideReasonLength)
        {
            return Failure.Invalid($"Keep the reason under {MaxHideReasonLength} characters.");
        }
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId, ct);
        if (comment is null)
        {
            return Failure.NotFound("That comment does not exist.");
        }
        comment.HiddenAt = clock.GetUtcNow();
        comment.HiddenById = moderator.UserId;
        comment.HiddenReason = why;
        audit.Add(moderator.UserId, "comment.hide", "comment", Id(comment.Id), new { reason = why, authorId = comment.AuthorId });
        await db.SaveChangesAsync(ct);
        return new CommentRef(comment.Id, new ThreadKey(comment.TranscriptId, comment.TaggingId));
    }

    public async Task<Outcome<CommentRef>> UnhideAsync(long commentId, DiscussionViewer moderator, CancellationToken ct = default)
    {
        if (!moderator.IsModerator || moderator.UserId is null)
        {
            return Failure.Forbidden("Only moderators can unhide comments.");
        }
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId, ct);
        if (comment is null)
        {
            return Failure.NotFound("That comment does not exist.");
        }
        var previousReason = comment.HiddenReason;
        comment.HiddenAt = null;
        comment.HiddenById = null;
        comment.HiddenReason = null;
        audit.Add(moderator.UserId, "comment.unhide", "comment", Id(comment.Id), new { previousReason });
        await db.SaveChangesAsync(ct);
        return new CommentRef(comment.Id, new ThreadKey(comment.TranscriptId, comment.TaggingId));
    }

    /// <summary>Locks (no new comments or edits) or unlocks the thread of <paramref name="key"/>.</summary>
    public async Task<Outcome<ThreadKey>> SetLockedAsync(ThreadKey key, DiscussionViewer moderator, bool locked, CancellationToken ct = default)
    {
        if (!moderator.IsModerator || moderator.UserId is null)
        {
            return Failure.Forbidden("Only moderators can lock or unlock threads.");
        }
        if (key.TaggingId is { } taggingId)
        {
            var tagging = await db.Taggings.FirstOrDefaultAsync(t => t.Id == taggingId, ct);
            if (tagging is null)
            {
                return Failure.NotFound("That tagging does not exist.");
            }
            tagging.CommentsLocked = locked;
        }
        else
        {
            var transcript = await db.Transcripts.FirstOrDefaultAsync(t => t.Id == key.TranscriptId, ct);
            if (transcript is null)
            {
                return Failure.NotFound("That transcript does not exist.");
            }
            transcript.CommentsLocked = locked;
        }
        var (type, id) = key.IsTagging ? ("tagging", key.TaggingId!.Value) : ("transcript", key.TranscriptId!.Value);
        audit.Add(moderator.UserId, locked ? "thread.lock" : "thread.unlock", type, Id(id), null);
        await db.SaveChangesAsync(ct);
        return key;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
