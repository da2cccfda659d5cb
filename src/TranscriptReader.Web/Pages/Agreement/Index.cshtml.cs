using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Agreement;
using TranscriptReader.Core.Data;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Pages.Agreement;

/// <summary>Krippendorff's alpha per label between done readers, sortable, with its interval drawn per row.</summary>
public sealed class IndexModel(AgreementService agreement, AppDbContext db) : PageModel
{
    public sealed record Option(string Value, string Text);

    /// <summary>Sortable columns: the query value and the direction a first click sorts in.</summary>
    public static readonly IReadOnlyDictionary<string, bool> Columns = new Dictionary<string, bool>
    {
        ["label"] = false,
        ["alpha"] = true,
        ["low"] = true,
        ["prevalence"] = true,
        ["taggedby"] = true,
    };

    [BindProperty(SupportsGet = true)] public string? Collection { get; set; }
    [BindProperty(SupportsGet = true)] public string? Meta { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }

    public AgreementOverview? Overview { get; private set; }
    public List<LabelAgreement> Rows { get; private set; } = [];
    public List<Option> Collections { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Collections = await db.Collections.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new Option(c.Id.ToString(CultureInfo.InvariantCulture), c.Name)).ToListAsync(ct);
        if (!(await agreement.ParseFilterAsync(Collection, Meta, ct)).TryGet(out var filter, out var failure))
        {
            return this.Show(failure);
        }
        Overview = await agreement.OverviewAsync(filter, ct);
        Rows = Sorted(Overview.Labels, Sort).ToList();
        return Page();
    }

    /// <summary>Rows in the chosen order; undefined alphas always last, ties by name.</summary>
    public static IEnumerable<LabelAgreement> Sorted(IEnumerable<LabelAgreement> rows, string? sort)
    {
        var (column, descending) = Parse(sort);
        Func<LabelAgreement, double?> key = column switch
        {
            "alpha" => a => a.Alpha,
            "low" => a => a.CiLow,
            "prevalence" => a => a.Prevalence,
            "taggedby" => a => a.TaggedBy,
            _ => _ => null,
        };
        var byName = StringComparer.OrdinalIgnoreCase;
        if (column == "label")
        {
            return descending ? rows.OrderByDescending(a => a.Label.Name, byName) : rows.OrderBy(a => a.Label.Name, byName);
        }
        var known = rows.OrderBy(a => key(a) is null);
        return (descending ? known.ThenByDescending(key) : known.ThenBy(key)).ThenBy(a => a.Label.Name, byName);
    }

    /// <summary>"alpha" sorts a column its natural way, "alpha-asc" / "alpha-desc" explicitly; the default is alpha, highest first.</summary>
    public static (string Column, bool Descending) Parse(string? sort)
    {
        var parts = (sort ?? "").Split('-', 2);
        var column = Columns.ContainsKey(parts[0]) ? parts[0] : "alpha";
        var descending = parts.Length == 2 ? parts[1] == "desc" : Columns[column];
        return (column, descending);
    }

    /// <summary>The header link for a column: its natural direction, or the other one when it is the current sort.</summary>
    public string SortUrl(string column)
    {
        var (current, descending) = Parse(Sort);
        var next = current == column ? !descending : Columns[column];
        return Url.Page("Index", new { Collection, Meta, sort = $"{column}-{(next ? "desc" : "asc")}" })!;
    }

    /// <summary>aria-sort of a column header.</summary>
    public string AriaSort(string column)
    {
        var (current, descending) = Parse(Sort);
        return current != column ? "none" : descending ? "descending" : "ascending";
    }

    public string CsvUrl => QueryHelpers.AddQueryString("/api/v1/exports/agreement.csv",
        new Dictionary<string, string?> { ["collection"] = Collection, ["meta"] = Meta }.Where(kv => !string.IsNullOrEmpty(kv.Value)));

    public string LabelUrl(LabelAgreement a) => Url.Page("Label", new { label = a.Label.Name, Collection, Meta })!;
}
