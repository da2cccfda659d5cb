using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Discussion;

namespace TranscriptReader.Web.Pages.Discussion;

/// <summary>The discussion thread of a whole transcript.</summary>
public sealed class TranscriptThreadModel(ThreadReader threads) : PageModel
{
    public ThreadView Thread { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var viewer = User.ToViewer();
        var thread = await threads.LoadAsync(ThreadKey.ForTranscript(id), viewer, ct);
        if (thread is null)
        {
            return NotFound();
        }
        Thread = new ThreadView(thread, viewer, null, null, $"/Transcripts/{id}/Discussion");
        return Page();
    }
}
