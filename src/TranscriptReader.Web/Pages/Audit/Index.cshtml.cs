using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Pages.Audit;

/// <summary>Every audit entry, newest first: merges, undos, renames, deletions, hides, role changes.</summary>
[Authorize(Policy = AuthSetup.ModeratorPolicy)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(long Id, DateTimeOffset At, string? Actor, string Action, string TargetType, string TargetId, string Details);

    public List<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Total = await db.AuditEntries.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Rows = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(a => new Row(a.Id, a.At, db.Users.Where(u => u.Id == a.ActorId).Select(u => u.UserName).FirstOrDefault(),
                a.Action, a.TargetType, a.TargetId, a.DetailsJson))
            .ToListAsync(ct);
    }
}
