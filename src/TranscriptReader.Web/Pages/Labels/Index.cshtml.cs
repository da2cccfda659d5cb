using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Rendering;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Pages.Labels;

public sealed partial class IndexModel(LabelSummaries summaries, SafeMarkdown markdown) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    public bool ByCount => Sort == "count";

    /// <summary>Labels per page: a codebook rarely has more, and a page of them stays one index range.</summary>
    public const int PageSize = 200;

    /// <summary>The id of the last label of the previous page (keyset paging).</summary>
    [BindProperty(SupportsGet = true)]
    public int? After { get; set; }

    public List<LabelSummary> Labels { get; private set; } = [];

    /// <summary>The cursor of the next page, when there is one.</summary>
    public int? NextAfter { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var outcome = await summaries.PageAsync(Q, ByCount ? LabelSort.Count : LabelSort.Name, After, PageSize, ct);
        if (!outcome.TryGet(out var page, out var failure))
        {
            return this.Show(failure);
        }
        Labels = page.Labels;
        NextAfter = page.NextAfter;
        return Page();
    }

    /// <summary>
    /// The first paragraph of a description as plain text for the list: rendered through the safe
    /// pipeline and stripped of tags, so "**whether**" reads as "whether" (Razor encodes the result).
    /// </summary>
    public string Excerpt(string description)
    {
        var first = description.Split("\n\n", 2, StringSplitOptions.TrimEntries)[0];
        var text = WebUtility.HtmlDecode(Tags().Replace(markdown.ToHtml(first), " "));
        text = Spaces().Replace(text, " ").Trim();
        return text.Length <= 140 ? text : text[..140].TrimEnd() + "…";
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
