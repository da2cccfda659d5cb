using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Accounts;

/// <summary>
/// Display names for completing an <c>@name</c> mention in a comment box: the readers whose name, or a word of
/// it, starts with what was typed (any case). Deleted readers are left out: a mention cannot reach them.
/// </summary>
/// <remarks>
/// A mention is "@" and the exact display name (see <c>comments_fill_inbox.sql</c>), spaces included, so the
/// box inserts the name as it is listed here.
/// </remarks>
public sealed class ReaderNames(AppDbContext db)
{
    /// <summary>Names answered at most.</summary>
    public const int MaxResults = 10;

    /// <summary>The longest prefix looked up: no display name is longer.</summary>
    public const int MaxPrefixLength = DisplayNames.MaxLength;

    /// <summary>Up to <see cref="MaxResults"/> names, those starting with <paramref name="prefix"/> first, then by name.</summary>
    /// <param name="prefix">What follows the "@" in the comment box, at least one character.</param>
    /// <param name="ct">Cancels the query.</param>
    public async Task<Outcome<IReadOnlyList<string>>> CompleteAsync(string? prefix, CancellationToken ct)
    {
        // Not trimmed: "@Ada L" looks up names starting with "Ada L", so that a longer prefix always finds a
        // subset of what a shorter one found (the comment box filters what it has instead of asking again).
        var typed = prefix ?? "";
        if (typed.Length is 0 or > MaxPrefixLength || char.IsWhiteSpace(typed[0]) || !DisplayNames.HasOnlyNameCharacters(typed))
        {
            return Failure.Invalid($"Send \"prefix\": 1 to {MaxPrefixLength} characters of a display name, not starting with a space, without control characters or broken Unicode.");
        }
        // As Identity normalises user names (UpperInvariantLookupNormalizer), so the stored normalised names compare.
        var upper = typed.Normalize().ToUpperInvariant();
        var word = " " + upper;
        var names = await db.Users.AsNoTracking()
            .Where(u => u.UserName != null && u.NormalizedUserName != null
                && !u.NormalizedUserName.StartsWith(DeletedReaders.NormalizedPrefix)
                && (u.NormalizedUserName.StartsWith(upper) || u.NormalizedUserName.Contains(word)))
            .OrderBy(u => u.NormalizedUserName!.StartsWith(upper) ? 0 : 1).ThenBy(u => u.NormalizedUserName)
            .Select(u => u.UserName!)
            .Take(MaxResults)
            .ToListAsync(ct);
        return Outcome<IReadOnlyList<string>>.Success(names);
    }
}
