using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Inbox;

namespace TranscriptReader.Web.Pages.Inbox;

/// <summary>The reader's inbox: replies, mentions, comments on their tags and watched transcripts, disputes and counter-proposals.</summary>
[Authorize]
public sealed class IndexModel(InboxService inbox) : PageModel
{
    public IReadOnlyList<InboxEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Entries = await inbox.ListAsync(UserId, IsModerator, ct);

    /// <summary>Marks one line read (a group's items together).</summary>
    public async Task<IActionResult> OnPostReadAsync(string? ids, CancellationToken ct)
    {
        var parsed = (ids ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => long.TryParse(s, out var id) ? id : 0).Where(id => id > 0).Take(1000).ToList();
        if (parsed.Count == 0)
        {
            return BadRequest("Name the items to mark read.");
        }
        await inbox.MarkReadAsync(UserId, parsed, ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAllAsync(CancellationToken ct)
    {
        await inbox.MarkAllReadAsync(UserId, ct);
        TempData["Flash"] = "Everything is marked read.";
        return RedirectToPage();
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private bool IsModerator => User.IsInRole(Roles.Moderator) || User.IsInRole(Roles.Admin);
}
