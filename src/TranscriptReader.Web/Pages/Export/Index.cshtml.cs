using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Exports;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Pages.Export;

/// <summary>Filters, a preview of the first rows of one export, and download links to the export API.</summary>
[EnableRateLimiting(RateLimitSetup.Exports)]
public sealed class IndexModel(AppDbContext db, ExportFilterParser parser, ExportPreview preview) : PageModel
{
    /// <summary>The query string of the page; the same names as the API's query parameters.</summary>
    public sealed class Input
    {
        [FromQuery(Name = "export")] public string? Export { get; set; }
        [FromQuery(Name = "collection")] public string? Collection { get; set; }
        [FromQuery(Name = "label")] public List<string> Labels { get; set; } = [];
        [FromQuery(Name = "reader")] public List<string> Readers { get; set; } = [];
        [FromQuery(Name = "from")] public string? From { get; set; }
        [FromQuery(Name = "to")] public string? To { get; set; }
        [FromQuery(Name = "block_kind")] public string? BlockKind { get; set; }
        [FromQuery(Name = "status")] public string? Status { get; set; }
        [FromQuery(Name = "key")] public string? Key { get; set; }

        public ExportQuery ToQuery() => new()
        {
            Collection = Collection, Labels = Labels, Readers = Readers, From = From, To = To,
            Kind = BlockKind, Status = Status, Key = Key,
        };

        /// <summary>The filters (not the export kind) as a query string for the API links.</summary>
        public string FilterQueryString()
        {
            var pairs = new List<KeyValuePair<string, StringValues>>();
            void Add(string name, string? value)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    pairs.Add(new(name, value.Trim()));
                }
            }
            Add("collection", Collection);
            Labels.ForEach(l => Add("label", l));
            Readers.ForEach(r => Add("reader", r));
            Add("from", From);
            Add("to", To);
            Add("block_kind", BlockKind);
            Add("status", Status);
            Add("key", Key);
            return QueryString.Create(pairs).ToString();
        }
    }

    public sealed record Option(string Value, string Text);

    public Input Data { get; private set; } = new();
    public ExportKind Kind { get; private set; } = ExportKind.LabelCounts;
    public ExportTable? Preview { get; private set; }
    public string? Error { get; private set; }
    public List<Option> Collections { get; private set; } = [];
    public List<Option> Labels { get; private set; } = [];
    public List<Option> Readers { get; private set; } = [];
    public IReadOnlyList<string> BlockKinds { get; } = [.. Core.Transcripts.BlockKinds.All.Order(StringComparer.Ordinal)];

    public async Task OnGetAsync([FromQuery] Input data, CancellationToken ct)
    {
        Data = data;
        Kind = ExportKinds.FromName(data.Export) ?? ExportKind.LabelCounts;
        await LoadOptionsAsync(ct);
        if (data.Export is null)
        {
            return;
        }
        var parsed = await parser.ParseAsync(data.ToQuery(), Kind == ExportKind.Pivot, ct);
        if (parsed.Filter is null)
        {
            Error = parsed.Error;
            return;
        }
        Preview = await preview.LoadAsync(Kind, parsed.Filter, ct);
    }

    public static bool IsNumber(string cell) =>
        cell.Length > 0 && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>A number cell for the preview table: at most four decimals.</summary>
    public static string ShortNumber(string cell) =>
        cell.Contains('.', StringComparison.Ordinal)
            ? double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("0.####", CultureInfo.InvariantCulture)
            : cell;

    public string DownloadUrl(string file) => $"/api/v1/exports/{file}{Data.FilterQueryString()}";

    private async Task LoadOptionsAsync(CancellationToken ct)
    {
        Collections = await db.Collections.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new Option(c.Id.ToString(), c.Name)).ToListAsync(ct);
        Labels = await db.Labels.AsNoTracking().Where(l => l.MergedIntoId == null).OrderBy(l => l.NormalizedName)
            .Select(l => new Option(l.Id.ToString(), l.Name)).ToListAsync(ct);
        Readers = await db.Users.AsNoTracking().Where(u => db.Taggings.Any(t => t.UserId == u.Id)).OrderBy(u => u.UserName)
            .Select(u => new Option(u.UserName!, u.UserName!)).ToListAsync(ct);
    }
}
