using System.Security.Claims;
using TranscriptReader.Core.Accounts;

namespace TranscriptReader.Core.Discussion;

/// <summary>
/// Who reads or acts in a thread, from the signed-in user's claims. Here rather than in one front door because
/// the pages and the JSON API must agree on who moderates; the claims are the ones Identity issues for an
/// <see cref="AppUser"/>.
/// </summary>
public static class DiscussionViewers
{
    /// <summary>The signed-in user (or nobody) as the discussion services see them; admins moderate too.</summary>
    public static DiscussionViewer ToViewer(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? new DiscussionViewer(id, user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin))
            : DiscussionViewer.Anonymous;
}
