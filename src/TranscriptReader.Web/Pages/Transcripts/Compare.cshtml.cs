using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Pages.Transcripts;

/// <summary>
/// Two transcripts side by side with everyone's highlights, message i of one beside message i of the other;
/// with only <c>a</c>, the transcripts that share its prompt ("compare with…").
/// </summary>
public sealed class CompareModel(TranscriptComparison comparison) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? A { get; set; }
    [BindProperty(SupportsGet = true)] public long? B { get; set; }
    /// <summary>A metadata key whose equal values also make a suggestion (e.g. "prompt_id").</summary>
    [BindProperty(SupportsGet = true)] public string? Key { get; set; }

    public CompareSide? Left { get; private set; }
    public CompareSide? Right { get; private set; }
    public IReadOnlyList<CompareSuggestion> Suggestions { get; private set; } = [];

    /// <summary>Rows of the view: message i of each side, either missing when that side is shorter.</summary>
    public IEnumerable<(CompareMessage? Left, CompareMessage? Right)> Rows()
    {
        var count = Math.Max(Left?.Messages.Count ?? 0, Right?.Messages.Count ?? 0);
        for (var i = 0; i < count; i++)
        {
            yield return (Left?.Messages.ElementAtOrDefault(i), Right?.Messages.ElementAtOrDefault(i));
        }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (A is not { } a)
        {
            return this.Show(Core.Outcomes.Failure.Invalid("Choose a transcript to compare: /Transcripts/Compare?a={id}&b={id}."));
        }
        var viewer = User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (!(await comparison.SideAsync(a, viewer, ct)).TryGet(out var left, out var failure))
        {
            return this.Show(failure);
        }
        Left = left;
        if (!(await comparison.SuggestionsAsync(a, Key?.Trim(), ct)).TryGet(out var suggestions, out failure))
        {
            return this.Show(failure);
        }
        Suggestions = suggestions;
        if (B is { } b)
        {
            if (!(await comparison.SideAsync(b, viewer, ct)).TryGet(out var right, out failure))
            {
                return this.Show(failure);
            }
            Right = right;
        }
        return Page();
    }
}
