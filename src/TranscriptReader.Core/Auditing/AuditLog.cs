using System.Text.Json;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Core.Auditing;

/// <summary>
/// Adds audit entries to the caller's unit of work. It never saves: the caller saves its change and the entry
/// together (one <c>SaveChangesAsync</c>, or inside its own transaction), so an audited change is never stored
/// without its entry or the other way round, and no caller's pending changes are saved behind its back.
/// </summary>
public sealed class AuditLog(AppDbContext db, TimeProvider clock)
{
    /// <summary>Tracks a new entry; it is written by the caller's next save.</summary>
    /// <param name="actorId">The user who acted (null for the system).</param>
    /// <param name="action">What was done, e.g. <c>comment.hide</c>.</param>
    /// <param name="targetType">The kind of thing acted on, e.g. <c>comment</c>.</param>
    /// <param name="targetId">Its id, as text.</param>
    /// <param name="details">Serialized to JSON as the entry's details; null for none.</param>
    public void Add(string? actorId, string action, string targetType, string targetId, object? details) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorId = actorId,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            DetailsJson = details is null ? "{}" : JsonSerializer.Serialize(details),
        });
}
