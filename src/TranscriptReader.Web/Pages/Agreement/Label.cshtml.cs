using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Agreement;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Pages.Agreement;

/// <summary>
/// One label: its alpha, agreement of each pair of readers, the passages where readers split, and the readers'
/// reading against a label published in the metadata (key = positive value).
/// </summary>
public sealed class LabelModel(AgreementService agreement, ReferenceComparison reference) : PageModel
{
    public const int PairsShown = 100;

    [BindProperty(SupportsGet = true)] public string? Label { get; set; }
    [BindProperty(SupportsGet = true)] public string? Collection { get; set; }
    [BindProperty(SupportsGet = true)] public string? Meta { get; set; }
    [BindProperty(SupportsGet = true)] public string? Key { get; set; }
    [BindProperty(SupportsGet = true)] public string? Positive { get; set; }

    public LabelAgreementDetail? Detail { get; private set; }
    /// <summary>The pairs shown: least agreement first, so the pairs to talk about come first.</summary>
    public List<ReaderPairAgreement> Pairs { get; private set; } = [];
    public ReferenceResult? Reference { get; private set; }
    public IReadOnlyList<string> MetadataKeys { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!(await agreement.ParseFilterAsync(Collection, Meta, ct)).TryGet(out var filter, out var failure))
        {
            return this.Show(failure);
        }
        if (!(await agreement.LabelAsync(Label, filter, ct)).TryGet(out var detail, out failure))
        {
            return this.Show(failure, nameof(Label));
        }
        Detail = detail;
        Pairs = detail.Pairs.OrderBy(p => p.Share).ThenByDescending(p => p.Tokens).Take(PairsShown).ToList();
        MetadataKeys = await reference.KeysAsync(filter, ct);
        if (!string.IsNullOrWhiteSpace(Key))
        {
            if (!(await reference.CompareAsync(detail.Summary.Label, Key, NullIfEmpty(Positive), filter, ct)).TryGet(out var compared, out failure))
            {
                return this.Show(failure, nameof(Key));
            }
            Reference = compared;
        }
        return Page();
    }

    public string PositiveUrl(string value) => Url.Page("Label", new { Label, Collection, Meta, Key, positive = value })!;

    public string BackUrl => Url.Page("Index", new { Collection, Meta })!;

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
