using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Bench.Baseline.Pages.Bench;

/// <summary>
/// The page-throughput baseline of scripts/bench, in the style of TechEmpower's "Fortunes": twelve rows
/// read from PostgreSQL through EF Core and rendered by Razor, through the same middleware as every page of
/// the app (see <see cref="BaselineHost"/>).
/// </summary>
[AllowAnonymous]
public sealed class FortunesModel(AppDbContext db) : PageModel
{
    public sealed record Row(int Id, string Message);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Rows = await db.Labels.AsNoTracking().OrderBy(l => l.Id).Take(12).Select(l => new Row(l.Id, l.Name)).ToListAsync(ct);
        return Page();
    }
}
