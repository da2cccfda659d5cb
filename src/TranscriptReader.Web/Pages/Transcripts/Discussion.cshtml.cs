using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Web.Accounts;
using TranscriptReader.Web.Pages.Shared;

namespace TranscriptReader.Web.Pages.Transcripts;

/// <summary>The discussion thread of a whole transcript.</summary>
public sealed class DiscussionModel(DiscussionService discussion) : PageModel
{
    public ThreadView Thread { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var viewer = User.ToViewer();
        var thread = await discussion.LoadAsync(ThreadKey.ForTranscript(id), viewer, ct);
        if (thread is null)
        {
            return NotFound();
        }
        Thread = new ThreadView(thread, viewer, null, null, $"/Transcripts/{id}/Discussion");
        return Page();
    }
}
