using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Importing;

namespace TranscriptReader.Web.Pages.Admin;

/// <summary>
/// Who imported what: per reader the new transcripts of the last 24 hours against the daily quota, and the recent
/// uploads (one row per reader and uploaded file, a ZIP dataset being one file) with when and how many.
/// </summary>
/// <remarks>Admins only (the folder's convention). There is no import table: a transcript records who imported it,
/// when, and the uploaded file it came from, which is all this page needs.</remarks>
public sealed class ImportsModel(AppDbContext db, IOptions<ImportSettings> settings, TimeProvider clock) : PageModel
{
    public const int MaxRows = 200;

    public sealed record ReaderRow(string Name, int LastDay, int Total, DateTimeOffset LastImport);

    public sealed record UploadRow(string Reader, string File, int Transcripts, DateTimeOffset First, DateTimeOffset Last);

    public int Quota => settings.Value.DailyTranscriptsPerUser;
    public List<ReaderRow> Readers { get; private set; } = [];
    public List<UploadRow> Uploads { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow() - ImportService.QuotaWindow;
        var names = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.UserName ?? u.Id, ct);
        var perReader = await db.Transcripts.AsNoTracking().Where(t => t.ImportedById != null)
            .GroupBy(t => t.ImportedById!)
            .Select(g => new
            {
                Reader = g.Key,
                LastDay = g.Count(t => t.ImportedAt > since),
                Total = g.Count(),
                Last = g.Max(t => t.ImportedAt),
            })
            .OrderByDescending(r => r.Last).Take(MaxRows).ToListAsync(ct);
        Readers = perReader.ConvertAll(r => new ReaderRow(names.GetValueOrDefault(r.Reader, r.Reader), r.LastDay, r.Total, r.Last));

        var uploads = await db.Transcripts.AsNoTracking().Where(t => t.ImportedById != null)
            .GroupBy(t => new { Reader = t.ImportedById!, t.SourceFileId })
            .Select(g => new
            {
                g.Key.Reader,
                g.Key.SourceFileId,
                Count = g.Count(),
                First = g.Min(t => t.ImportedAt),
                Last = g.Max(t => t.ImportedAt),
                Source = g.Min(t => t.Source),
            })
            .OrderByDescending(u => u.Last).Take(MaxRows).ToListAsync(ct);
        var fileIds = uploads.Where(u => u.SourceFileId != null).Select(u => u.SourceFileId!.Value).Distinct().ToList();
        var files = await db.SourceFiles.AsNoTracking().Where(f => fileIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.FileName, ct);
        Uploads = uploads.ConvertAll(u => new UploadRow(names.GetValueOrDefault(u.Reader, u.Reader),
            u.SourceFileId is { } id && files.TryGetValue(id, out var file) ? file : u.Source ?? "", u.Count, u.First, u.Last));
    }
}
