using System.Buffers;
using System.Globalization;
using System.Text;
using TranscriptReader.Core.Taggings;

namespace TranscriptReader.Core.Rendering;

/// <summary>
/// Server-side rendering of one block's text with its taggings highlighted.
/// </summary>
/// <remarks>
/// Overlapping spans cannot nest as HTML elements, so the text is cut at every span boundary and
/// each covered segment becomes one flat <c>&lt;mark&gt;</c> listing every tagging that covers it
/// in <c>data-t</c>. The text itself passes through unchanged apart from HTML encoding, so the
/// page's text content (and therefore the browser's selection offsets) equals the stored block text.
/// </remarks>
public static class HighlightRenderer
{
    // CR is encoded too: HTML parsing turns a literal CR or CRLF into LF, which would shift every
    // offset after it, while the character reference survives as CR in the text content.
    private static readonly SearchValues<char> MustEncode = SearchValues.Create("&<>\"'\r");

    /// <summary>HTML-encodes the text, nothing else.</summary>
    public static string RenderPlain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny(MustEncode) < 0)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length + 32);
        AppendEncoded(sb, text);
        return sb.ToString();
    }

    /// <summary>
    /// Renders the text with highlights. Spans that are out of range, empty, cut a surrogate pair, or
    /// repeat a tagging id already seen are skipped: one bad stored row must not break the page.
    /// </summary>
    public static string Render(string text, IReadOnlyList<HighlightSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(spans);

        var valid = new List<HighlightSpan>(spans.Count);
        var seenIds = new HashSet<long>();
        foreach (var span in spans)
        {
            if (span is not null && IsUsable(text, span) && seenIds.Add(span.TaggingId))
            {
                valid.Add(span);
            }
        }
        if (valid.Count == 0)
        {
            return RenderPlain(text);
        }

        var bounds = new int[valid.Count * 2];
        for (var i = 0; i < valid.Count; i++)
        {
            bounds[2 * i] = valid[i].Start;
            bounds[(2 * i) + 1] = valid[i].End;
        }
        Array.Sort(bounds);
        var boundCount = Distinct(bounds);

        var byStart = valid.ToArray();
        Array.Sort(byStart, (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.TaggingId.CompareTo(b.TaggingId));
        var byEnd = valid.ToArray();
        Array.Sort(byEnd, (a, b) => a.End.CompareTo(b.End));

        var active = new SortedSet<HighlightSpan>(ByTaggingId.Instance);
        var innermostFirst = new SortedSet<HighlightSpan>(InnermostFirst.Instance);
        var sb = new StringBuilder(text.Length + (valid.Count * 120));
        AppendEncoded(sb, text.AsSpan(0, bounds[0]));

        int nextStart = 0, nextEnd = 0;
        for (var k = 0; k < boundCount; k++)
        {
            var pos = bounds[k];
            while (nextEnd < byEnd.Length && byEnd[nextEnd].End == pos)
            {
                active.Remove(byEnd[nextEnd]);
                innermostFirst.Remove(byEnd[nextEnd]);
                nextEnd++;
            }
            while (nextStart < byStart.Length && byStart[nextStart].Start == pos)
            {
                var opening = byStart[nextStart++];
                active.Add(opening);
                innermostFirst.Add(opening);
                sb.Append("<span class=\"hl-anchor\" id=\"tag-")
                    .Append(opening.TaggingId.ToString(CultureInfo.InvariantCulture))
                    .Append("\"></span>");
            }
            if (k == boundCount - 1)
            {
                AppendEncoded(sb, text.AsSpan(pos));
                break;
            }
            var segment = text.AsSpan(pos, bounds[k + 1] - pos);
            if (active.Count == 0)
            {
                AppendEncoded(sb, segment);
                continue;
            }
            AppendMarkOpen(sb, active, innermostFirst.Min!.Color);
            AppendEncoded(sb, segment);
            sb.Append("</mark>");
        }
        return sb.ToString();
    }

    private static bool IsUsable(string text, HighlightSpan span) =>
        span.Start >= 0
        && span.End <= text.Length
        && span.Start < span.End
        && !Utf16.SplitsSurrogatePair(text, span.Start)
        && !Utf16.SplitsSurrogatePair(text, span.End);

    private static int Distinct(int[] sorted)
    {
        var count = 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] != sorted[count - 1])
            {
                sorted[count++] = sorted[i];
            }
        }
        return count;
    }

    private static void AppendMarkOpen(StringBuilder sb, SortedSet<HighlightSpan> active, string color)
    {
        sb.Append(active.Count switch
        {
            1 => "<mark class=\"hl\" data-t=\"",
            2 => "<mark class=\"hl hl-n2\" data-t=\"",
            _ => "<mark class=\"hl hl-n3\" data-t=\"",
        });
        var first = true;
        foreach (var span in active)
        {
            if (!first)
            {
                sb.Append(' ');
            }
            sb.Append(span.TaggingId.ToString(CultureInfo.InvariantCulture));
            first = false;
        }
        sb.Append('"');
        // The color lands inside a style attribute; anything but a plain hex color is dropped so a
        // bad label row cannot inject CSS.
        if (IsHexColor(color))
        {
            sb.Append(" style=\"--hl:").Append(color).Append('"');
        }
        sb.Append('>');
    }

    private static bool IsHexColor(string? color)
    {
        if (color is null || color.Length is not (4 or 5 or 7 or 9) || color[0] != '#')
        {
            return false;
        }
        foreach (var c in color.AsSpan(1))
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    private static void AppendEncoded(StringBuilder sb, ReadOnlySpan<char> text)
    {
        while (true)
        {
            var i = text.IndexOfAny(MustEncode);
            if (i < 0)
            {
                sb.Append(text);
                return;
            }
            sb.Append(text[..i]);
            sb.Append(text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\r' => "&#13;",
                _ => "&#39;",
            });
            text = text[(i + 1)..];
        }
    }

    private sealed class ByTaggingId : IComparer<HighlightSpan>
    {
        public static readonly ByTaggingId Instance = new();

        public int Compare(HighlightSpan? x, HighlightSpan? y) => x!.TaggingId.CompareTo(y!.TaggingId);
    }

    /// <summary>Shortest span first; among equal lengths the latest tagging (highest id) first.</summary>
    private sealed class InnermostFirst : IComparer<HighlightSpan>
    {
        public static readonly InnermostFirst Instance = new();

        public int Compare(HighlightSpan? x, HighlightSpan? y)
        {
            var byLength = (x!.End - x.Start).CompareTo(y!.End - y.Start);
            return byLength != 0 ? byLength : y.TaggingId.CompareTo(x.TaggingId);
        }
    }
}
