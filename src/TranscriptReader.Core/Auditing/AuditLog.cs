using System.Text.Json;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Core.Auditing;

/// <summary>Writes audit entries. Callers inside a transaction get the entry committed with their change.</summary>
public sealed class AuditLog(AppDbContext db, TimeProvider clock)
{
    public async Task RecordAsync(string? actorId, string action, string targetType, string targetId, object? details, CancellationToken ct = default)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorId = actorId,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            DetailsJson = details is null ? "{}" : JsonSerializer.Serialize(details),
        });
        await db.SaveChangesAsync(ct);
    }
}
