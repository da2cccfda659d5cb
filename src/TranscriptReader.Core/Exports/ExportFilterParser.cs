using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Exports;

/// <summary>
/// Turns what a researcher typed into an <see cref="ExportFilter"/>, or an invalid outcome whose message
/// says which value is wrong. Labels resolve through <see cref="LabelDirectory"/>, so an old name after a merge
/// selects the target label.
/// </summary>
public sealed class ExportFilterParser(AppDbContext db, LabelDirectory labels)
{
    public const int MaxPivotKeyLength = 200;

    /// <summary>Values of the pivot's <c>denominator</c> parameter: every transcript, or only those that have the key.</summary>
    public const string DenominatorAll = "all", DenominatorWithKey = "with_key";

    private static readonly string[] DateTimeFormats =
        ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK"];

    public async Task<Outcome<ExportFilter>> ParseAsync(ExportQuery query, bool pivotKeyRequired, CancellationToken ct = default)
    {
        var filter = new ExportFilter();

        if (Clean(query.Collection) is { } collection)
        {
            var id = int.TryParse(collection, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? await db.Collections.Where(c => c.Id == n).Select(c => (int?)c.Id).SingleOrDefaultAsync(ct)
                : await db.Collections.Where(c => c.Name == collection).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
            if (id is null)
            {
                return Fail($"There is no collection '{collection}'.");
            }
            filter = filter with { CollectionId = id };
        }

        var labelIds = new List<int>();
        foreach (var raw in query.Labels)
        {
            if (Clean(raw) is not { } name)
            {
                continue;
            }
            var label = await labels.FindAsync(name, ct);
            if (label is null)
            {
                return Fail($"There is no label '{name}'.");
            }
            if (!labelIds.Contains(label.Id))
            {
                labelIds.Add(label.Id);
            }
        }

        var readerIds = new List<string>();
        foreach (var raw in query.Readers)
        {
            if (Clean(raw) is not { } reader)
            {
                continue;
            }
            var id = await db.Users.Where(u => u.UserName == reader || u.Id == reader).Select(u => u.Id).FirstOrDefaultAsync(ct);
            if (id is null)
            {
                return Fail($"There is no reader '{reader}'.");
            }
            if (!readerIds.Contains(id))
            {
                readerIds.Add(id);
            }
        }
        filter = filter with { LabelIds = labelIds, ReaderIds = readerIds };

        if (Clean(query.From) is { } fromText)
        {
            if (ParseInstant(fromText) is not { } from)
            {
                return Fail($"'{fromText}' is not a date: use yyyy-MM-dd or an ISO 8601 date and time with offset.");
            }
            filter = filter with { From = from.Instant };
        }
        if (Clean(query.To) is { } toText)
        {
            if (ParseInstant(toText) is not { } to)
            {
                return Fail($"'{toText}' is not a date: use yyyy-MM-dd or an ISO 8601 date and time with offset.");
            }
            // A date means "up to the end of that day (UTC)"; an instant is inclusive (PostgreSQL keeps microseconds).
            var before = to.DateOnly ? to.Instant.AddDays(1) : to.Instant.AddTicks(10);
            filter = filter with { Before = before };
        }
        if (filter.From is { } f && filter.Before is { } b && f >= b)
        {
            return Fail("The date range is empty: 'from' must not be after 'to'.");
        }

        if (Clean(query.BlockKind) is { } kind)
        {
            if (!BlockKinds.All.Contains(kind))
            {
                return Fail($"Unknown block kind '{kind}'. Use one of: {string.Join(", ", BlockKinds.All.Order(StringComparer.Ordinal))}.");
            }
            filter = filter with { BlockKind = kind };
        }

        if (Clean(query.Status) is { } status)
        {
            TaggingStatusKind? parsed = status.ToLowerInvariant() switch
            {
                "accepted" => TaggingStatusKind.Accepted,
                "contested" => TaggingStatusKind.Contested,
                "proposed" => TaggingStatusKind.Proposed,
                _ => null,
            };
            if (parsed is null)
            {
                return Fail($"Unknown status '{status}'. Use accepted, contested or proposed.");
            }
            filter = filter with { Status = parsed };
        }

        if (Clean(query.Key) is { } key)
        {
            if (key.Length > MaxPivotKeyLength)
            {
                return Fail($"The metadata key can have at most {MaxPivotKeyLength} characters.");
            }
            filter = filter with { PivotKey = key };
        }
        else if (pivotKeyRequired)
        {
            return Fail("The pivot needs a metadata key (key=...), e.g. collection, model or is_free_tier_user.");
        }

        switch (Clean(query.Denominator)?.ToLowerInvariant())
        {
            case null or DenominatorAll:
                break;
            case DenominatorWithKey:
                filter = filter with { OnlyWithKey = true };
                break;
            default:
                return Fail($"Unknown denominator '{query.Denominator!.Trim()}'. Use {DenominatorAll} or {DenominatorWithKey}.");
        }
        return filter;
    }

    private static Failure Fail(string message) => Failure.Invalid(message);

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static (DateTimeOffset Instant, bool DateOnly)? ParseInstant(string text)
    {
        if (System.DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return (new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), true);
        }
        if (DateTimeOffset.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var instant))
        {
            return (instant.ToUniversalTime(), false);
        }
        return null;
    }
}
