using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Web.Outcomes;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Pages.Labels;

/// <summary>Pick sources and a target (GET), see the preview, confirm (POST, then redirect). Undo is on the label page.</summary>
[Authorize(Policy = AuthSetup.ModeratorPolicy)]
public sealed class MergeModel(LabelMerger merger, LabelSummaries summaries, UserManager<AppUser> users) : PageModel
{
    /// <summary>Source ids, repeated (?sources=1&amp;sources=2) or comma-separated (?sources=1,2).</summary>
    [BindProperty(SupportsGet = true)]
    public List<string> Sources { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public int? Target { get; set; }

    public List<LabelSummary> Labels { get; private set; } = [];
    public MergePreview? Preview { get; private set; }
    public IReadOnlyList<int> SourceIds { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (SourceIds.Count > 0 && Target is { } target)
        {
            var preview = await merger.PreviewAsync(SourceIds, target, ct);
            if (!preview.TryGet(out var counts, out var failure))
            {
                return this.Show(failure);
            }
            Preview = counts;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        SourceIds = ParseIds(Sources);
        if (SourceIds.Count == 0 || Target is null)
        {
            await LoadAsync(ct);
            return this.Show(Failure.Invalid("Pick at least one source label and a target."));
        }
        var outcome = await merger.MergeAsync(users.GetUserId(User)!, SourceIds, Target.Value, ct);
        if (!outcome.TryGet(out var done, out var failure))
        {
            await LoadAsync(ct);
            return this.Show(failure);
        }
        TempData["Flash"] = $"Merge #{done.MergeId} done: {done.Moved} tagging(s) moved, {done.Collapsed} collapsed into existing ones.";
        return Redirect($"/Labels/{Target.Value}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        SourceIds = ParseIds(Sources);
        Labels = await summaries.ListAsync(null, LabelSort.Name, ct);
    }

    // An empty ?sources= binds as a null item (it was a 500).
    private static List<int> ParseIds(IEnumerable<string?> values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0).Distinct().ToList();
}
