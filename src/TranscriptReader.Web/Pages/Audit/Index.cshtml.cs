using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Pages.Audit;

/// <summary>
/// Every audit entry, newest first: merges, undos, renames, deletions, hides, role changes; each as a sentence
/// (<see cref="AuditSentences"/>) whose subject links to what it names.
/// </summary>
[Authorize(Policy = AuthSetup.ModeratorPolicy)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(long Id, DateTimeOffset At, string? Actor, string Action, AuditSubject Subject, string Sentence);

    private sealed record Entry(long Id, DateTimeOffset At, string? Actor, string Action, string TargetType, string TargetId, JsonElement Details);

    public List<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Total = await db.AuditEntries.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var raw = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(a => new { a.Id, a.At, Actor = db.Users.Where(u => u.Id == a.ActorId).Select(u => u.UserName).FirstOrDefault(),
                a.Action, a.TargetType, a.TargetId, a.DetailsJson })
            .ToListAsync(ct);
        var entries = raw.Select(a => new Entry(a.Id, a.At, a.Actor, a.Action, a.TargetType, a.TargetId, Parse(a.DetailsJson))).ToList();
        var names = await NamesAsync(entries, ct);
        var isAdmin = User.IsInRole(Roles.Admin);
        Rows = entries.Select(e => new Row(e.Id, e.At, e.Actor, e.Action,
            AuditSentences.Subject(e.TargetType, e.TargetId, e.Details, names, isAdmin),
            AuditSentences.Sentence(e.Action, e.Details, names))).ToList();
    }

    /// <summary>Details written by older versions may not parse; they are shown as having none rather than breaking the page.</summary>
    private static JsonElement Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json).RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>One query per kind of name for the whole page.</summary>
    private async Task<AuditNames> NamesAsync(List<Entry> entries, CancellationToken ct)
    {
        List<long> Ids(string type) => entries.Where(e => e.TargetType == type)
            .Select(e => long.TryParse(e.TargetId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Distinct().ToList();
        var userIds = entries.Where(e => e.TargetType == "user").Select(e => e.TargetId)
            .Concat(entries.SelectMany(e => AuditSentences.UserIds(e.Details))).Distinct().ToList();
        var labelIds = Ids("label").Select(id => (int)id).Concat(entries.SelectMany(e => AuditSentences.LabelIds(e.Details))).Distinct().ToList();
        var transcriptIds = Ids("transcript");
        var taggingIds = Ids("tagging");
        var blockIds = entries.Where(e => e.TargetType == "tagging").Select(e => AuditSentences.Long(e.Details, "blockId")).OfType<long>().Distinct().ToList();

        return new AuditNames(
            await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName ?? DeletedReaders.DisplayName, ct),
            await db.Labels.AsNoTracking().Where(l => labelIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, ct),
            await db.Transcripts.AsNoTracking().Where(t => transcriptIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Title, ct),
            await db.Taggings.AsNoTracking().Where(t => taggingIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.TranscriptId, ct),
            await db.Blocks.AsNoTracking().Where(b => blockIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.TranscriptId, ct));
    }
}
