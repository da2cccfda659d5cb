using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Web.Importing;
using TranscriptReader.Web.Outcomes;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Pages.Transcripts;

/// <summary>
/// Upload files, paste text or give a URL, detected or read with a saved field mapping. With scripts on, the
/// form streams per-transcript progress from the import API (and can be cancelled), and the field mapping
/// editor suggests, previews and saves mappings through /api/v1/import-recipes; without, this handler runs the
/// same import and shows the same summary. The request size limits come from the settings (<see cref="ImportSetup"/>).
/// </summary>
[Authorize]
[EnableRateLimiting(RateLimitSetup.Imports)]
public sealed class ImportModel(AppDbContext db, ImportRun run, IOptions<ImportSettings> settings) : PageModel
{
    public IReadOnlyList<string> Formats => TranscriptFormats.All;
    public ImportSettings Limits => settings.Value;
    public List<string> CollectionNames { get; private set; } = [];
    /// <summary>Saved field mappings, by name; the editor (with scripts) suggests and saves more.</summary>
    public List<string> RecipeNames { get; private set; } = [];
    public ImportSummary? Summary { get; private set; }
    public IReadOnlyDictionary<long, string> Titles { get; private set; } = new Dictionary<long, string>();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = await ImportForm.ReadAsync(HttpContext, ct);
        var prepared = input.TryGet(out var read, out var unreadable) ? await run.PrepareAsync(read, ct) : unreadable;
        if (!prepared.TryGet(out var import, out var failure))
        {
            await LoadAsync(ct);
            return this.Show(failure);
        }
        var report = await run.RunAsync(import, ct: ct);
        Summary = report.Summary;
        Titles = report.Titles;
        if (report.Interruption is { } interruption)
        {
            // The error page would say nothing was saved; show what was stored (whole) instead, with the status
            // of an unavailable database. The collection list is skipped: it needs the database.
            ModelState.AddModelError("", interruption);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
        if (report.NothingImported)
        {
            Response.StatusCode = OutcomeHttp.StatusOf(FailureKind.Invalid);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CollectionNames = await db.Collections.AsNoTracking().OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(ct);
        RecipeNames = await db.ImportRecipes.AsNoTracking().OrderBy(r => r.Name).Select(r => r.Name).ToListAsync(ct);
    }
}
