using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Discussion;

namespace TranscriptReader.Web.Pages.Discussion;

/// <summary>Permalink of a comment: sends the reader to its thread page, at the comment's anchor.</summary>
public sealed class PermalinkModel(ThreadReader threads) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await threads.FindThreadOfCommentAsync(id, ct) is { } thread
            ? Redirect(thread.PermalinkTo(id))
            : NotFound();
}
