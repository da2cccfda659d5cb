using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Web.Pages.Transcripts;

public sealed class IndexModel(AppDbContext db, DiscussionCounts discussion) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(
        long Id, string Title, string? Model, string? Collection, int CharCount, int Messages,
        int Taggings, int Comments, DateTimeOffset ImportedAt, DateTimeOffset LastActivityAt, int Done, bool DoneByMe);

    public sealed record Option(string Value, string Text);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public int? Collection { get; set; }
    [BindProperty(SupportsGet = true)] public string? Model { get; set; }
    [BindProperty(SupportsGet = true)] public string? Meta { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    /// <summary>Only transcripts the signed-in reader has not marked done (ignored for visitors).</summary>
    [BindProperty(SupportsGet = true, Name = "notdone")] public bool NotDoneByMe { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public List<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public List<Option> Collections { get; private set; } = [];
    public List<string> Models { get; private set; } = [];
    public string? FilterError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Collections = await db.Collections.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new Option(c.Id.ToString(CultureInfo.InvariantCulture), c.Name)).ToListAsync(ct);
        Models = await db.Transcripts.AsNoTracking().Where(t => t.Model != null).Select(t => t.Model!).Distinct().OrderBy(m => m).ToListAsync(ct);

        var me = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var query = db.Transcripts.AsNoTracking();
        if (NotDoneByMe && me is not null)
        {
            query = query.Where(t => !db.DoneMarks.Any(d => d.TranscriptId == t.Id && d.UserId == me));
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            var pattern = "%" + q.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            // Found once, not once for the count and again for the page: a common word matches most
            // blocks, and reading them all is the cost of a search.
            var matching = await db.Blocks
                .Where(b => EF.Property<NpgsqlTsVector>(b, "SearchVector").Matches(EF.Functions.WebSearchToTsQuery("english", q)))
                .Select(b => b.TranscriptId).Distinct().ToListAsync(ct);
            query = query.Where(t => matching.Contains(t.Id) || EF.Functions.ILike(t.Title, pattern));
        }
        if (Collection is { } collectionId)
        {
            query = query.Where(t => t.CollectionId == collectionId);
        }
        if (!string.IsNullOrWhiteSpace(Model))
        {
            query = query.Where(t => t.Model == Model);
        }
        if (!string.IsNullOrWhiteSpace(Meta))
        {
            var json = MetadataFilter.ToJson(Meta);
            if (json is null)
            {
                FilterError = "A metadata filter looks like key=value, e.g. is_free_tier_user=true.";
            }
            else
            {
                query = query.Where(t => EF.Functions.JsonContains(t.MetadataJson, json));
            }
        }

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var ordered = Sort == "activity"
            ? query.OrderByDescending(t => t.LastActivityAt).ThenByDescending(t => t.Id)
            : Sort == "title" ? query.OrderBy(t => t.Title).ThenBy(t => t.Id)
            : query.OrderByDescending(t => t.ImportedAt).ThenByDescending(t => t.Id);
        Rows = await ordered.Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(t => new Row(
                t.Id, t.Title, t.Model, t.Collection!.Name, t.CharCount,
                t.Messages.Count(),
                db.Taggings.Count(g => g.TranscriptId == t.Id),
                0,
                t.ImportedAt, t.LastActivityAt,
                db.DoneMarks.Count(d => d.TranscriptId == t.Id),
                me != null && db.DoneMarks.Any(d => d.TranscriptId == t.Id && d.UserId == me)))
            .ToListAsync(ct);
        await CountCommentsAsync(ct);
    }

    /// <summary>
    /// Visible comments per listed transcript, on the transcript and on its taggings, in two grouped
    /// queries for the whole page: per row, PostgreSQL read every comment to count one transcript's.
    /// </summary>
    private async Task CountCommentsAsync(CancellationToken ct)
    {
        var ids = Rows.Select(r => r.Id).ToList();
        var onTranscripts = await discussion.CountsForTranscriptsAsync(ids, ct);
        var onTaggings = await discussion.CountsOnTaggingsOfTranscriptsAsync(ids, ct);
        Rows = Rows.ConvertAll(r => r with { Comments = onTranscripts.GetValueOrDefault(r.Id) + onTaggings.GetValueOrDefault(r.Id) });
    }

    public string PageUrl(int page) => Url.Page("Index", new { Q, Collection, Model, Meta, Sort, notdone = NotDoneByMe ? "true" : null, p = page })!;

    /// <summary>This list as it is, for the done forms to come back to.</summary>
    public string ReturnUrl => Request.Path + Request.QueryString;

    public static string Size(int chars) => chars switch
    {
        < 1000 => $"{chars} chars",
        < 1_000_000 => (chars / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + "k chars",
        _ => (chars / 1_000_000.0).ToString("0.#", CultureInfo.InvariantCulture) + "M chars",
    };
}
