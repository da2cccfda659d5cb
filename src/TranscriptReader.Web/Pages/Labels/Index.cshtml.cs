using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Labels;

namespace TranscriptReader.Web.Pages.Labels;

public sealed class IndexModel(LabelSummaries summaries) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    public bool ByCount => Sort == "count";

    public List<LabelSummary> Labels { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Labels = await summaries.ListAsync(Q, ByCount ? LabelSort.Count : LabelSort.Name, ct);

    /// <summary>The first paragraph of a description, as plain text, for the list.</summary>
    public static string Excerpt(string markdown)
    {
        var first = markdown.Split("\n\n", 2, StringSplitOptions.TrimEntries)[0].ReplaceLineEndings(" ");
        return first.Length <= 140 ? first : first[..140].TrimEnd() + "…";
    }
}
