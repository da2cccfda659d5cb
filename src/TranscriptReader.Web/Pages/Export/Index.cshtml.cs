using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Exports;
using TranscriptReader.Web.Exports;
using TranscriptReader.Web.Outcomes;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Pages.Export;

/// <summary>
/// Filters, a preview of the first rows of one export, and download links to the export API. Signed-in readers
/// only, like the export API: the preview and the filter lists show readers' names and quotes.
/// </summary>
[Authorize]
[EnableRateLimiting(RateLimitSetup.Exports)]
public sealed class IndexModel(AppDbContext db, ExportFilterParser parser, ExportService exports) : PageModel
{
    public sealed record Option(string Value, string Text);

    /// <summary>The filters, with the same query parameter names as the export API.</summary>
    public ExportParameters Data { get; private set; } = new();
    public ExportDefinition Export { get; private set; } = ExportCatalog.All[0];
    public ExportTable? Preview { get; private set; }
    /// <summary>Pivot previews: the transcripts grouped and how many of them lack the key.</summary>
    public (long Transcripts, long WithoutKey)? Coverage { get; private set; }
    public List<Option> Collections { get; private set; } = [];
    public List<Option> Labels { get; private set; } = [];
    /// <summary>
    /// The readers the filters name, shown checked; others are typed, with names suggested as the reader types
    /// (js/export/readers.js). No list of every reader: on a large instance it was a thousand options and the
    /// page's costliest query.
    /// </summary>
    public IReadOnlyList<string> ChosenReaders => Data.Reader.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.Ordinal).ToList();
    public IReadOnlyList<string> BlockKinds { get; } = [.. Core.Transcripts.BlockKinds.All.Order(StringComparer.Ordinal)];

    /// <param name="export">The export to preview (<see cref="ExportDefinition.Name"/>); none shows the filters only.</param>
    /// <param name="data">The filters.</param>
    /// <param name="ct">Ends the queries when the reader leaves.</param>
    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "export")] string? export, [FromQuery] ExportParameters data, CancellationToken ct)
    {
        Data = data;
        Export = ExportCatalog.FindPreviewable(export) ?? ExportCatalog.All[0];
        await LoadOptionsAsync(ct);
        if (export is null)
        {
            return Page();
        }
        if (!(await parser.ParseAsync(data.ToQuery(), Export.NeedsPivotKey, ct)).TryGet(out var filter, out var failure))
        {
            return this.Show(failure);
        }
        Preview = await Export.PreviewAsync(exports, filter, ExportPreview.Rows, ct);
        if (Export.NeedsPivotKey)
        {
            Coverage = await exports.PivotCoverageAsync(filter, ct);
        }
        return Page();
    }

    public static bool IsNumber(string cell) =>
        cell.Length > 0 && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>A number cell for the preview table: at most four decimals.</summary>
    public static string ShortNumber(string cell) =>
        cell.Contains('.', StringComparison.Ordinal)
            ? double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("0.####", CultureInfo.InvariantCulture)
            : cell;

    /// <summary>The export's URL with these filters; null for the pivot without a key (the link is disabled until one is typed).</summary>
    public string? DownloadUrl(ExportDefinition export) =>
        export.NeedsPivotKey && string.IsNullOrWhiteSpace(Data.Key) ? null : $"/api/v1/exports/{export.FileName}{Data.ToQueryString()}";

    private async Task LoadOptionsAsync(CancellationToken ct)
    {
        Collections = await db.Collections.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new Option(c.Id.ToString(), c.Name)).ToListAsync(ct);
        Labels = await db.Labels.AsNoTracking().Where(l => l.MergedIntoId == null).OrderBy(l => l.NormalizedName)
            .Select(l => new Option(l.Id.ToString(), l.Name)).ToListAsync(ct);
    }
}
