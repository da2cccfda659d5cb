using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Paging;
using TranscriptReader.Core.Rendering;
using TranscriptReader.Web.Outcomes;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Pages.Labels;

/// <summary>A label's codebook entry, merge history and taggings; moderators undo merges here.</summary>
public sealed class DetailsModel(AppDbContext db, LabelSummaries summaries, LabelTaggings taggings, LabelMerger merger, UserManager<AppUser> users,
    IAuthorizationService authorization, MarkdownCache markdown) : PageModel
{
    public const int PageSize = 50;

    public sealed record MergeRow(long Id, DateTimeOffset At, string? Moderator, string Target, int TargetId, IReadOnlyList<string> Sources,
        DateTimeOffset? UndoneAt, string? UndoneBy);

    public Label Label { get; private set; } = null!;
    /// <summary>The description through the safe pipeline: the only HTML of this page written unencoded.</summary>
    public string DescriptionHtml { get; private set; } = "";
    public Label? MergedInto { get; private set; }
    public LabelCounts Counts { get; private set; } = LabelCounts.Zero;
    public string? CreatedBy { get; private set; }
    public List<MergeRow> Merges { get; private set; } = [];
    public LabelTaggingPage Taggings { get; private set; } = new([], 1, null, null);

    /// <summary>A page by number (<c>?p=</c>, the page's links before keyset pages; still served, by OFFSET).</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    /// <summary>Older taggings than this <see cref="FeedCursor"/> (the "Older" link).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Before { get; set; }

    /// <summary>Newer taggings than this <see cref="FeedCursor"/> (the "Newer" link).</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>Pages of <see cref="PageSize"/>, from the kept tagging count: exact, and no recount.</summary>
    public int PageCount => Math.Max(1, (Counts.Taggings + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>Undoes a merge listed here; a refusal shows this page again with the reason.</summary>
    public async Task<IActionResult> OnPostUndoAsync(int id, long mergeId, CancellationToken ct)
    {
        // The page is public; only this handler is for moderators (Razor Pages ignore [Authorize] on handlers).
        if (!(await authorization.AuthorizeAsync(User, AuthSetup.ModeratorPolicy)).Succeeded)
        {
            return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        }
        var outcome = await merger.UndoAsync(users.GetUserId(User)!, mergeId, ct);
        if (!outcome.TryGet(out var done, out var failure))
        {
            return await LoadAsync(id, ct) ? this.Show(failure) : NotFound();
        }
        TempData["Flash"] = $"Merge #{done.MergeId} undone: {done.MovedBack} tagging(s) moved back, {done.Restored} restored.";
        return Redirect($"/Labels/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        // One statement for the label and what its header shows; its family, merges and page of taggings are three more.
        var loaded = await db.Labels.AsNoTracking().Include(l => l.Aliases.OrderBy(a => a.Id)).Where(l => l.Id == id)
            .Select(l => new
            {
                Label = l,
                MergedInto = db.Labels.FirstOrDefault(m => m.Id == l.MergedIntoId),
                Counts = db.LabelCounts.Where(c => c.LabelId == l.Id).Select(c => new LabelCounts(c.Taggings, c.Transcripts, c.Readers)).FirstOrDefault(),
                CreatedBy = db.Users.Where(u => u.Id == l.CreatedById).Select(u => u.UserName).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (loaded is null)
        {
            return false;
        }
        Label = loaded.Label;
        DescriptionHtml = markdown.ToHtml(Label.Description);
        MergedInto = loaded.MergedInto;
        Counts = loaded.Counts ?? LabelCounts.Zero;
        CreatedBy = loaded.CreatedBy;
        await LoadMergesAsync(id, ct);
        var family = await summaries.FamilyAsync([id], ct);
        var keyset = FeedCursor.TryParse(Before, out var before) | FeedCursor.TryParse(After, out var after);
        Taggings = !keyset && PageNumber > 1
            ? await taggings.ByNumberAsync(family, Math.Min(PageNumber.Value, PageCount), PageSize, ct)
            : await taggings.PageAsync(family, before, after, PageSize, ct);
        return true;
    }

    private async Task LoadMergesAsync(int id, CancellationToken ct)
    {
        var merges = await db.LabelMerges.AsNoTracking()
            .Where(m => m.TargetLabelId == id || m.SourceLabelIds.Contains(id))
            .OrderByDescending(m => m.At).ThenByDescending(m => m.Id)
            .Select(m => new
            {
                m.Id, m.At, m.TargetLabelId, m.SourceLabelIds, m.UndoneAt,
                Moderator = db.Users.Where(u => u.Id == m.ModeratorId).Select(u => u.UserName).FirstOrDefault(),
                UndoneBy = db.Users.Where(u => u.Id == m.UndoneById).Select(u => u.UserName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        if (merges.Count == 0)
        {
            Merges = [];
            return;
        }
        var ids = merges.SelectMany(m => m.SourceLabelIds.Append(m.TargetLabelId)).Distinct().ToArray();
        var names = await db.Labels.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        Merges = merges.Select(m => new MergeRow(m.Id, m.At, m.Moderator, names[m.TargetLabelId], m.TargetLabelId,
            m.SourceLabelIds.Select(s => names[s]).ToList(), m.UndoneAt, m.UndoneBy)).ToList();
    }
}
