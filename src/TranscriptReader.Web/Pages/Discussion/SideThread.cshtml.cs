using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Rendering;

namespace TranscriptReader.Web.Pages.Discussion;

/// <summary>
/// A thread of one transcript as a fragment for the transcript page's sidebar: the transcript's own discussion,
/// a tagging's thread (<c>?tagging=</c>), or the thread holding a comment (<c>?comment=</c>, for comment
/// permalinks). The same <c>_Thread</c> partial and forms as the thread pages, fetched when the reader opens a
/// thread, so no thread is ever part of the cached page bytes.
/// </summary>
/// <remarks>
/// The forms come back here (their return path is this fragment's address), so the page script posts a form,
/// follows the redirect and gets the thread as it is now. A tagging or comment of another transcript is a 404,
/// like an unknown one: the page asks only about its own transcript.
/// </remarks>
public sealed class SideThreadModel(ThreadReader threads) : PageModel
{
    public TaggingContext? Tagging { get; private set; }
    public ThreadView Thread { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, long? tagging, long? comment, CancellationToken ct)
    {
        var key = comment is { } commentId ? await threads.FindThreadOfCommentAsync(commentId, ct)
            : tagging is { } taggingId ? ThreadKey.ForTagging(taggingId)
            : ThreadKey.ForTranscript(id);
        if (key is not { } found)
        {
            return NotFound();
        }
        var viewer = User.ToViewer();
        var thread = await threads.LoadAsync(found, viewer, ct);
        if (thread is null || thread.TranscriptId != id)
        {
            return NotFound();
        }
        string? quote = null;
        if (found.TaggingId is { } thisTagging)
        {
            Tagging = await threads.GetTaggingAsync(thisTagging, ct);
            if (Tagging is null)
            {
                return NotFound();
            }
            quote = SafeMarkdown.QuoteAsMarkdown(Tagging.Quote);
        }
        var self = found.TaggingId is { } t ? $"/Transcripts/{id}/Thread?tagging={t}" : $"/Transcripts/{id}/Thread";
        Thread = new ThreadView(thread, viewer, quote, null, self)
        {
            LoginReturnPath = found.TaggingId is { } back ? $"/Transcripts/{id}#tag-{back}" : $"/Transcripts/{id}#discussion",
        };
        // Per reader (hidden comments, forms with their antiforgery token): never kept by a shared cache.
        Response.Headers.CacheControl = "private, no-store";
        return Page();
    }
}
