using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Web.Pages.Transcripts;

public sealed class IndexModel(AppDbContext db, TranscriptList list) : PageModel
{
    public const int PageSize = TranscriptList.PageSize;

    public sealed record Option(string Value, string Text);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public int? Collection { get; set; }
    [BindProperty(SupportsGet = true)] public string? Model { get; set; }
    [BindProperty(SupportsGet = true)] public string? Meta { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    /// <summary>Only transcripts the signed-in reader has not marked done (ignored for visitors).</summary>
    [BindProperty(SupportsGet = true, Name = "notdone")] public bool NotDoneByMe { get; set; }
    /// <summary>The page's number as shown; without a cursor it also picks the page by offset (older links).</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    /// <summary>The next page: the rows after this listed transcript.</summary>
    [BindProperty(SupportsGet = true)] public long? After { get; set; }
    /// <summary>The previous page: the rows before this listed transcript.</summary>
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public List<TranscriptListRow> Rows { get; private set; } = [];
    public TranscriptListCount Count { get; private set; } = new(0, true, false);
    public bool HasPrevious { get; private set; }
    public bool HasNext { get; private set; }
    /// <summary>Known only when the count is exact.</summary>
    public int? PageCount => Count.IsExact ? (int)Math.Max(1, (Count.Value + PageSize - 1) / PageSize) : null;
    public List<Option> Collections { get; private set; } = [];
    public List<string> Models { get; private set; } = [];
    public string? FilterError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Collections = await db.Collections.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new Option(c.Id.ToString(CultureInfo.InvariantCulture), c.Name)).ToListAsync(ct);
        Models = await list.ModelsAsync(ct);

        string? json = null;
        if (!string.IsNullOrWhiteSpace(Meta))
        {
            json = MetadataFilter.ToJson(Meta);
            FilterError = json is null ? "A metadata filter looks like key=value, e.g. is_free_tier_user=true." : null;
        }
        var me = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var filter = new TranscriptListFilter(Q, Collection, Model, json, Sort, me, NotDoneByMe && me is not null);
        PageNumber = Math.Max(1, PageNumber);
        var page = await list.ReadAsync(filter, new TranscriptListPosition(PageNumber, After, Before), ct);
        if (page.Rows.Count == 0 && After is null && Before is null && PageNumber > 1 && PageCount is { } last)
        {
            // A typed page past the end shows the last page, as before keyset pages.
            PageNumber = last;
            page = await list.ReadAsync(filter, new TranscriptListPosition(PageNumber, null, null), ct);
        }
        (Rows, Count, HasPrevious, HasNext) = (page.Rows, page.Count, page.HasPrevious, page.HasNext);
    }

    /// <summary>The next page: after the last listed row.</summary>
    public string NextUrl => Url.Page("Index", new { Q, Collection, Model, Meta, Sort, notdone = NotDoneByMe ? "true" : null, p = PageNumber + 1, after = Rows[^1].Id })!;

    /// <summary>The previous page: before the first listed row, or page 1's own address when that is where it leads.</summary>
    public string PreviousUrl => PageNumber <= 2
        ? Url.Page("Index", new { Q, Collection, Model, Meta, Sort, notdone = NotDoneByMe ? "true" : null })!
        : Url.Page("Index", new { Q, Collection, Model, Meta, Sort, notdone = NotDoneByMe ? "true" : null, p = PageNumber - 1, before = Rows[0].Id })!;

    /// <summary>"56 transcripts", "about 2,000 transcripts", "more than 1,000 transcripts".</summary>
    public string CountText
    {
        get
        {
            var noun = Count.Value == 1 && Count.IsExact ? "transcript" : "transcripts";
            var number = Count.Value.ToString("N0", CultureInfo.InvariantCulture);
            return Count switch
            {
                { IsExact: true } => $"{number} {noun}",
                { IsLowerBound: true } => $"more than {number} {noun}",
                _ => $"about {number} {noun}",
            };
        }
    }

    /// <summary>This list as it is, for the done forms to come back to.</summary>
    public string ReturnUrl => Request.Path + Request.QueryString;

    public static string Size(int chars) => chars switch
    {
        < 1000 => $"{chars} chars",
        < 1_000_000 => (chars / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + "k chars",
        _ => (chars / 1_000_000.0).ToString("0.#", CultureInfo.InvariantCulture) + "M chars",
    };
}
