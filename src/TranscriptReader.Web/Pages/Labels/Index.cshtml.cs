using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Rendering;

namespace TranscriptReader.Web.Pages.Labels;

public sealed partial class IndexModel(LabelSummaries summaries, SafeMarkdown markdown) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    public bool ByCount => Sort == "count";

    public List<LabelSummary> Labels { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Labels = await summaries.ListAsync(Q, ByCount ? LabelSort.Count : LabelSort.Name, ct);

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
