using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Importing;
using TranscriptReader.Web.Api;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Pages.Transcripts;

/// <summary>
/// Upload files, paste text or give a URL. With scripts on, the form streams per-file progress from
/// the import API; without, this handler imports and shows the same summary.
/// </summary>
[Authorize]
[RequestSizeLimit(ImportOptions.MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportOptions.MaxUploadBytes)]
[EnableRateLimiting(RateLimitSetup.Imports)]
public sealed class ImportModel(AppDbContext db, ImportService importer, InstanceSettings settings, UserManager<AppUser> users) : PageModel
{
    public IReadOnlyList<string> Formats => TranscriptFormats.All;
    public List<string> CollectionNames { get; private set; } = [];
    public ImportSummary? Summary { get; private set; }
    public Dictionary<long, string> Titles { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = await ImportInput.ReadAsync(HttpContext, settings, ct);
        if (input.Error is not null)
        {
            Error = input.Error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            var results = new List<FileImportResult>(input.FetchErrors);
            try
            {
                await foreach (var r in importer.ImportAsync(new ImportRequest(input.Files, input.Format, input.Collection, users.GetUserId(User), input.SourceUrl), ct))
                {
                    results.Add(r);
                }
                var ids = results.SelectMany(r => r.TranscriptIds).ToList();
                Titles = await db.Transcripts.Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Title, ct);
            }
            catch (Exception e) when (ApiExceptionHandler.IsDatabaseUnavailable(e) && results.Any(r => r.TranscriptIds.Count > 0))
            {
                // The error page would say nothing was saved; show what was stored (whole) instead. The
                // collection list is skipped: it needs the database.
                Summary = ImportSummary.From(results);
                Error = ImportOptions.InterruptedMessage(results.Count, Summary.Imported);
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Page();
            }
            Summary = ImportSummary.From(results);
            if (Summary.Imported == 0 && Summary.Failed > 0)
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        CollectionNames = await db.Collections.AsNoTracking().OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(ct);
}
