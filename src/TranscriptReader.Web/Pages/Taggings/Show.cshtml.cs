using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Rendering;
using TranscriptReader.Web.Accounts;
using TranscriptReader.Web.Pages.Shared;

namespace TranscriptReader.Web.Pages.Taggings;

/// <summary>One tagging in context (quote, label, who applied it) and its discussion thread.</summary>
public sealed class ShowModel(DiscussionService discussion) : PageModel
{
    public TaggingContext Tagging { get; private set; } = null!;
    public ThreadView Thread { get; private set; } = null!;

    // ?quote=1 pre-fills the new comment with the passage: the "quote this passage" link without scripts.
    public async Task<IActionResult> OnGetAsync(long id, string? quote, CancellationToken ct)
    {
        var tagging = await discussion.GetTaggingAsync(id, ct);
        var viewer = User.ToViewer();
        var thread = tagging is null ? null : await discussion.LoadAsync(ThreadKey.ForTagging(id), viewer, ct);
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
