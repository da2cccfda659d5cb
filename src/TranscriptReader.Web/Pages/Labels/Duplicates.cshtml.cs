using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Labels;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Pages.Labels;

[Authorize(Policy = AuthSetup.ModeratorPolicy)]
public sealed class DuplicatesModel(LabelSummaries summaries) : PageModel
{
    /// <summary>A suggested pair; Keep is the label suggested as the target (more taggings, then older).</summary>
    public sealed record Pair(LabelSummary Keep, LabelSummary Merge, string Reason);

    public List<Pair> Pairs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var labels = (await summaries.ListAsync(null, LabelSort.Name, ct)).ToDictionary(l => l.Id);
        var suggestions = DuplicateFinder.Find(labels.Values.Select(l => new LabelInfo(l.Id, l.Name, l.Aliases)).ToList());
        Pairs = suggestions.Select(s =>
        {
            var (a, b) = (labels[s.LabelIdA], labels[s.LabelIdB]);
            return b.Counts.Taggings > a.Counts.Taggings ? new Pair(b, a, s.Reason) : new Pair(a, b, s.Reason);
        }).ToList();
    }
}
