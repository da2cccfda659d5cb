using System.Security.Claims;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Discussion;

namespace TranscriptReader.Web.Accounts;

public static class DiscussionViewers
{
    /// <summary>The signed-in user (or nobody) as the discussion service sees them; admins moderate too.</summary>
    public static DiscussionViewer ToViewer(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? new DiscussionViewer(id, user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin))
            : DiscussionViewer.Anonymous;
}
