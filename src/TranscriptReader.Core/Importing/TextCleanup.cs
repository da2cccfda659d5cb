using System.Text;

namespace TranscriptReader.Core.Importing;

internal static class TextCleanup
{
    /// <summary>
    /// Makes text storable and offsets stable: CRLF and lone CR become LF; U+0000 and unpaired
    /// surrogates (PostgreSQL text rejects both) become U+FFFD. Nothing else changes.
    /// </summary>
    public static string Normalize(string text)
    {
        if (!NeedsNormalizing(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                sb.Append('\n');
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (c == '\0')
            {
                sb.Append('\uFFFD');
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                sb.Append('\uFFFD');
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static bool NeedsNormalizing(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' || c == '\0')
            {
                return true;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Shortens a one-line value to a column's length, marking the cut with an ellipsis.</summary>
    public static string Clamp(string value, int maxLength)
    {
        var oneLine = Normalize(value).Replace('\n', ' ').Trim();
        return oneLine.Length <= maxLength ? oneLine : string.Concat(oneLine.AsSpan(0, maxLength - 1), "…");
    }

    public static string? ClampOrNull(string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? null : Clamp(value, maxLength);

    /// <summary>
    /// A title from a message: its first non-blank line, without Markdown heading marks, cut to 100
    /// characters; null when there is no text.
    /// </summary>
    public static string? TitleFrom(string? text)
    {
        var line = text?.Split('\n').Select(l => l.Trim().TrimStart('#').Trim()).FirstOrDefault(l => l.Length > 0);
        return line is null ? null : Clamp(line, 100);
    }

    /// <summary>"data/gold.jsonl" and "set.zip/dir/gold.jsonl" both give "gold".</summary>
    public static string BaseName(string fileName)
    {
        var lastSegment = fileName.Replace('\\', '/').Split('/').Last();
        var withoutExtension = Path.GetFileNameWithoutExtension(lastSegment);
        return string.IsNullOrWhiteSpace(withoutExtension) ? lastSegment : withoutExtension;
    }
}
