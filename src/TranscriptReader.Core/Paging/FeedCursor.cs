using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TranscriptReader.Core.Paging;

/// <summary>
/// A place in a newest-first feed ordered by (created_at, id): the row a keyset page continues from. In a URL
/// it is <c>{microseconds since 1970 UTC}-{id}</c>, exact for PostgreSQL's microsecond timestamps.
/// </summary>
/// <remarks>
/// A keyset page costs one index range however deep the reader goes, where OFFSET reads and throws away every
/// row before the page. The cursor carries the time as well as the id, so it stays valid when its row is
/// deleted or hidden meanwhile: the next page starts where that row was.
/// </remarks>
/// <param name="CreatedAt">The row's creation time.</param>
/// <param name="Id">The row's id, which breaks ties between rows created in the same microsecond.</param>
public readonly record struct FeedCursor(DateTimeOffset CreatedAt, long Id)
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>The cursor at a row.</summary>
    /// <param name="createdAt">The row's creation time, as read from the database.</param>
    /// <param name="id">The row's id.</param>
    public static FeedCursor At(DateTimeOffset createdAt, long id) => new(createdAt.ToUniversalTime(), id);

    /// <summary>Reads a cursor written by <see cref="ToString"/>; false for anything else (the page then starts at the newest).</summary>
    /// <param name="text">The query parameter's value.</param>
    /// <param name="cursor">The cursor read.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out FeedCursor? cursor)
    {
        cursor = null;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (text is null || dash < 1
            || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || micros > (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks / TicksPerMicrosecond)
        {
            return false;
        }
        cursor = new FeedCursor(DateTimeOffset.UnixEpoch.AddTicks(micros * TicksPerMicrosecond), id);
        return true;
    }

    /// <summary>The cursor as a query parameter value.</summary>
    public override string ToString() =>
        ((CreatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond).ToString(CultureInfo.InvariantCulture)
        + "-" + Id.ToString(CultureInfo.InvariantCulture);
}
