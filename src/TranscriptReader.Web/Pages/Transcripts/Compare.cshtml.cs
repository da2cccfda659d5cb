using System.Collections.Immutable;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Pages.Transcripts;

/// <summary>
/// Two transcripts side by side with everyone's highlights, message i of one beside message i of the other;
/// with only <c>a</c>, the transcripts that share its prompt ("compare with…").
/// </summary>
public sealed class CompareModel(TranscriptComparison comparison, TranscriptPageQuery pages) : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [BindProperty(SupportsGet = true)] public long? A { get; set; }
    [BindProperty(SupportsGet = true)] public long? B { get; set; }
    /// <summary>A metadata key whose equal values also make a suggestion (e.g. "prompt_id").</summary>
    [BindProperty(SupportsGet = true)] public string? Key { get; set; }

    public CompareSide? Left { get; private set; }
    public CompareSide? Right { get; private set; }
    public IReadOnlyList<CompareSuggestion> Suggestions { get; private set; } = [];
    public string? UserId { get; private set; }
    /// <summary>The tagging popover's labels, for signed-in readers (as on the transcript page).</summary>
    public ImmutableArray<LabelOption> LabelOptions { get; private set; } = [];

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
        var viewer = UserId = User.FindFirstValue(ClaimTypes.NameIdentifier);
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
            // One transcript in both columns would give the tagging script every tagging twice (ids are keys there).
            if (b == a)
            {
                return this.Show(Failure.Invalid("Choose two different transcripts to compare."));
            }
            if (!(await comparison.SideAsync(b, viewer, ct)).TryGet(out var right, out failure))
            {
                return this.Show(failure);
            }
            Right = right;
            if (viewer is not null)
            {
                LabelOptions = await pages.LabelOptionsAsync(ct);
            }
        }
        return Page();
    }

    private IEnumerable<CompareSide> Sides => new[] { Left, Right }.OfType<CompareSide>();

    /// <summary>Both columns' taggings for the tagging script (js/tagging), in the transcript page's shape.</summary>
    public string TaggingsJson()
    {
        var tagged = Sides.SelectMany(s => s.Tagged).ToList();
        var users = tagged.GroupBy(t => t.UserId).ToDictionary(g => g.Key, g => g.First().User);
        var comments = Sides.SelectMany(s => s.Comments).ToDictionary(kv => kv.Key, kv => kv.Value);
        return ReaderPart.TaggingsJson(tagged, users, comments);
    }

    /// <summary>Who is reading and their own votes, as the transcript page's <c>tr-page</c> says it.</summary>
    public string PageJson() => JsonSerializer.Serialize(new
    {
        userId = UserId,
        canModerate = User.IsInRole(Roles.Moderator) || User.IsInRole(Roles.Admin),
        myVotes = Sides.SelectMany(s => s.Tagged).Where(t => t.MyVote != 0).ToDictionary(t => t.Id.ToString(CultureInfo.InvariantCulture), t => t.MyVote),
        loginUrl = "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(Request.Path + Request.QueryString),
    }, Json);
}
