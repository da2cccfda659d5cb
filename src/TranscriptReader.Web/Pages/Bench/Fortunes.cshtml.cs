using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Data;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Pages.Bench;

/// <summary>
/// The page-throughput baseline of scripts/bench, in the style of TechEmpower's "Fortunes": twelve rows
/// read from PostgreSQL through EF Core and rendered by Razor, through the same middleware as every page.
/// It exists only when Benchmarks:Fortunes is true, so no real instance serves it.
/// </summary>
[AllowAnonymous]
public sealed class FortunesModel(AppDbContext db, IOptions<BenchmarkSettings> settings) : PageModel
{
    public sealed record Row(int Id, string Message);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!settings.Value.Fortunes)
        {
            return NotFound();
        }
        Rows = await db.Labels.AsNoTracking().OrderBy(l => l.Id).Take(12).Select(l => new Row(l.Id, l.Name)).ToListAsync(ct);
        return Page();
    }
}
