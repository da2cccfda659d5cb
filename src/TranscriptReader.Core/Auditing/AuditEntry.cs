namespace TranscriptReader.Core.Auditing;

/// <summary>Who did what to what, for moderators: merges, undos, renames, deletions, hides, role changes.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; } = DateTimeOffset.UtcNow;
    public string? ActorId { get; set; }
    public required string Action { get; set; }
    public required string TargetType { get; set; }
    public required string TargetId { get; set; }
    public string DetailsJson { get; set; } = "{}";
}

/// <summary>Instance-wide settings an admin can change at run time (e.g. allow private import URLs).</summary>
public sealed class AppSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}
