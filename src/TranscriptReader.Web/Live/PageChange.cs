using System.Globalization;

namespace TranscriptReader.Web.Live;

/// <summary>
/// One <c>transcript_pages</c> notification: a transcript page moved to <see cref="Version"/>, or, with no
/// <see cref="TranscriptId"/>, the epoch every page shares did (see <c>Sql/Functions/notify_*.sql</c>).
/// </summary>
public sealed record PageChange(long? TranscriptId, long Version)
{
    public const string Channel = "transcript_pages";

    /// <summary>Parses "&lt;id&gt; &lt;version&gt;" or "* &lt;epoch&gt;"; null for anything else (never throws).</summary>
    public static PageChange? Parse(string payload)
    {
        var space = payload.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !long.TryParse(payload.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return null;
        }
        var head = payload.AsSpan(0, space);
        if (head is "*")
        {
            return new PageChange(null, version);
        }
        return long.TryParse(head, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? new PageChange(id, version) : null;
    }
}
