using Microsoft.AspNetCore.Identity;

namespace TranscriptReader.Core.Accounts;

/// <summary>A reader's account. <c>UserName</c> is the public display name.</summary>
public sealed class AppUser : IdentityUser
{
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
