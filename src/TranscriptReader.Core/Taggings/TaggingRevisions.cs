using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Taggings;

/// <summary>One recorded change of a tagging, as a sentence for its history.</summary>
/// <param name="At">When it was changed.</param>
/// <param name="By">Who changed it.</param>
/// <param name="Text">What changed, e.g. "Label changed from “a” to “b”; 2 votes cleared."</param>
public sealed record TaggingChange(DateTimeOffset At, string By, string Text);

/// <summary>
/// A reader changing the label or the span of their own tagging. The votes on a changed tagging were cast on
/// something else, so they are cleared; each change is recorded in the audit log (action
/// <see cref="ReviseAction"/>), which is the tagging's history.
/// </summary>
public sealed class TaggingRevisions(AppDbContext db, LabelDirectory labels, AuditLog audit)
{
    public const string ReviseAction = "tagging.revise";

    private sealed record Change(string FromLabel, string ToLabel, int FromStart, int FromEnd, string FromQuote, int ToStart, int ToEnd, string ToQuote, int VotesCleared);

    /// <summary>
    /// Gives the reader's tagging another label (name, alias or id; a new name creates it) and/or another span of
    /// the same block. Nothing given, or nothing different, changes nothing and clears no votes.
    /// </summary>
    public async Task<Outcome<AppliedTagging>> ReviseAsync(string userId, long taggingId, string? label, int? start, int? end, string? quote, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(label) && start is null && end is null)
        {
            return Failure.Invalid("Send a new label, a new span (start and end), or both.");
        }
        if ((start is null) != (end is null))
        {
            return Failure.Invalid("A new span needs both start and end.");
        }
        var tagging = await db.Taggings.SingleOrDefaultAsync(t => t.Id == taggingId, ct);
        if (tagging is null)
        {
            return Failure.NotFound($"There is no tagging {taggingId}.");
        }
        if (tagging.UserId != userId)
        {
            return Failure.Forbidden("Only the reader who applied this tag can change it.");
        }
        var anchor = new AnchoredSpan(tagging.Start, tagging.End, tagging.Quote, tagging.Prefix, tagging.Suffix);
        if (start is { } s && end is { } e)
        {
            var text = await db.Blocks.Where(b => b.Id == tagging.BlockId).Select(b => b.Text).SingleAsync(ct);
            if (!SpanAnchor.Create(text, s, e, quote).TryGet(out anchor, out var invalid))
            {
                return invalid;
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var current = await labels.FindAsync(tagging.LabelId.ToString(CultureInfo.InvariantCulture), ct);
        var fromLabel = current?.Name ?? tagging.AppliedLabelName;
        var resolution = string.IsNullOrWhiteSpace(label)
            ? await labels.ResolveForApplyAsync(tagging.LabelId.ToString(CultureInfo.InvariantCulture), userId, allowCreate: false, ct)
            : await labels.ResolveForApplyAsync(label, userId, allowCreate: true, ct);
        if (resolution.Label is not { } resolved)
        {
            return Failure.Invalid(resolution.Error ?? "Unknown label.");
        }
        var sameLabel = current?.Id == resolved.Id;
        var sameSpan = anchor.Start == tagging.Start && anchor.End == tagging.End;
        if (sameLabel && sameSpan)
        {
            await tx.CommitAsync(ct);
            return new AppliedTagging(tagging.Id, resolved.Id, resolved.Name, resolved.Color, tagging.Start, tagging.End, tagging.Quote, Created: false, resolution.Created, tagging.AlternativeToId);
        }
        var clash = await db.Taggings.AnyAsync(t => t.Id != taggingId && t.UserId == userId && t.BlockId == tagging.BlockId
            && t.Start == anchor.Start && t.End == anchor.End
            && db.LabelCanonicals.Any(c => c.Id == t.LabelId && c.CanonicalId == resolved.Id), ct);
        if (clash)
        {
            return Failure.Conflict($"You have already tagged that passage “{resolved.Name}”.");
        }

        var change = new Change(fromLabel, resolved.Name, tagging.Start, tagging.End, tagging.Quote, anchor.Start, anchor.End, anchor.Quote,
            await db.Votes.CountAsync(v => v.TaggingId == taggingId, ct));
        if (!sameLabel)
        {
            tagging.LabelId = resolved.Id;
            tagging.AppliedLabelName = IsId(label!) ? resolved.Name : Truncate(label!.Trim());
        }
        (tagging.Start, tagging.End, tagging.Quote, tagging.Prefix, tagging.Suffix) = (anchor.Start, anchor.End, anchor.Quote, anchor.Prefix, anchor.Suffix);
        if (!sameSpan)
        {
            // A counter-label names exactly the span of its original: once either moves they no longer compete.
            tagging.AlternativeToId = null;
            await db.Taggings.Where(t => t.AlternativeToId == taggingId).ExecuteUpdateAsync(u => u.SetProperty(t => t.AlternativeToId, (long?)null), ct);
        }
        await db.Votes.Where(v => v.TaggingId == taggingId).ExecuteDeleteAsync(ct);
        audit.Add(userId, ReviseAction, "tagging", taggingId.ToString(CultureInfo.InvariantCulture), change);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException x) when (x.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Failure.Conflict($"You have already tagged that passage “{resolved.Name}”.");
        }
        await tx.CommitAsync(ct);
        return new AppliedTagging(tagging.Id, resolved.Id, resolved.Name, resolved.Color, anchor.Start, anchor.End, anchor.Quote, Created: false, resolution.Created, tagging.AlternativeToId);
    }

    /// <summary>The recorded changes of a tagging, oldest first, as sentences; null when there is no such tagging.</summary>
    public async Task<List<TaggingChange>?> HistoryAsync(long taggingId, CancellationToken ct = default)
    {
        if (!await db.Taggings.AnyAsync(t => t.Id == taggingId, ct))
        {
            return null;
        }
        var id = taggingId.ToString(CultureInfo.InvariantCulture);
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(a => a.TargetType == "tagging" && a.TargetId == id && a.Action == ReviseAction)
            .OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new { a.At, a.DetailsJson, By = db.Users.Where(u => u.Id == a.ActorId).Select(u => u.UserName).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.ConvertAll(r => new TaggingChange(r.At, r.By ?? DeletedReaders.DisplayName, Sentence(r.DetailsJson)));
    }

    private static string Sentence(string json)
    {
        var c = JsonSerializer.Deserialize<Change>(json);
        if (c is null)
        {
            return "Changed.";
        }
        var parts = new List<string>();
        if (!string.Equals(c.FromLabel, c.ToLabel, StringComparison.Ordinal))
        {
            parts.Add($"Label changed from “{c.FromLabel}” to “{c.ToLabel}”");
        }
        if (c.FromStart != c.ToStart || c.FromEnd != c.ToEnd)
        {
            parts.Add($"Span changed from “{Short(c.FromQuote)}” to “{Short(c.ToQuote)}”");
        }
        var votes = c.VotesCleared switch { 0 => "", 1 => "; 1 vote cleared", _ => $"; {c.VotesCleared} votes cleared" };
        return string.Join("; ", parts) + votes + ".";
    }

    private static string Short(string quote) => quote.Length <= 60 ? quote : quote[..(char.IsHighSurrogate(quote[59]) ? 59 : 60)] + "…";

    private static bool IsId(string s) => s.Trim().All(char.IsAsciiDigit);

    private static string Truncate(string s) => s.Length > LabelNames.MaxLength ? s[..LabelNames.MaxLength] : s;
}
