using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Rendering;

namespace TranscriptReader.Web.Pages.Discussion;

/// <summary>One tagging in context (quote, label, who applied it) and its discussion thread.</summary>
public sealed class TaggingThreadModel(ThreadReader threads) : PageModel
{
    public TaggingContext Tagging { get; private set; } = null!;
    public ThreadView Thread { get; private set; } = null!;

    // ?quote=1 pre-fills the new comment with the passage: the "quote this passage" link without scripts.
    public async Task<IActionResult> OnGetAsync(long id, string? quote, CancellationToken ct)
    {
        var tagging = await threads.GetTaggingAsync(id, ct);
        var viewer = User.ToViewer();
        var thread = tagging is null ? null : await threads.LoadAsync(ThreadKey.ForTagging(id), viewer, ct);
        if (tagging is null || thread is null)
        {
            return NotFound();
        }
        Tagging = tagging;
        var quoteMarkdown = SafeMarkdown.QuoteAsMarkdown(tagging.Quote);
        Thread = new ThreadView(thread, viewer, quoteMarkdown, quote is "1" or "true" ? quoteMarkdown : null, $"/Taggings/{id}");
        return Page();
    }
}
