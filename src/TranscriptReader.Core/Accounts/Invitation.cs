namespace TranscriptReader.Core.Accounts;

/// <summary>
/// An invite link made by a moderator or admin: who may register while registration is by invitation, and with
/// which role. Only a SHA-256 hash of the link's secret is stored; the link is shown once, at creation.
/// </summary>
public sealed class Invitation
{
    public long Id { get; set; }
    public required string TokenHash { get; set; }
    /// <summary>The role a new account gets through this link (member, moderator or admin).</summary>
    public required string Role { get; set; }
    public int MaxUses { get; set; }
    public int Uses { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    /// <summary>Who it is for, as the creator wrote it ("Tuesday group"): links cannot be told apart otherwise.</summary>
    public string? Note { get; set; }
    public required string CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public List<InvitationUse> Redemptions { get; set; } = [];
}

/// <summary>One account created through an invitation.</summary>
public sealed class InvitationUse
{
    public long Id { get; set; }
    public long InvitationId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset UsedAt { get; set; }
}

/// <summary>
/// A one-time password-reset link, made by an admin for a reader or sent by email. Only a SHA-256 hash of the
/// secret is stored; a link works once, until it expires, and a newer link for the same account replaces it.
/// </summary>
public sealed class PasswordReset
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string TokenHash { get; set; }
    /// <summary>The admin who made the link; null when the reader asked for it by email.</summary>
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}
