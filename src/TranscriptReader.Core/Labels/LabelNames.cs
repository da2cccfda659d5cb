using System.Globalization;
using System.Text;

namespace TranscriptReader.Core.Labels;

/// <summary>Normal forms of label names: the unique key, validation, and a loose form for duplicate hints.</summary>
public static class LabelNames
{
    public const int MaxLength = 100;

    /// <summary>
    /// The unique key of a name: NFKC, invariant lower case, trimmed, whitespace runs collapsed to one
    /// space. Punctuation is kept, so "goal-guarding" and "goal guarding" are different labels;
    /// <see cref="Loose"/> is what notices they are probably the same.
    /// </summary>
    public static string Key(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var folded = Nfkc(name).ToLowerInvariant();
        // Lower-casing can leave a string that is no longer in NFKC, so normalize again.
        return Nfkc(CollapseWhitespace(folded));
    }

    /// <summary>An error message for the reader, or null when the name is acceptable.</summary>
    public static string? Validate(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return "A label name is required.";
        }
        if (trimmed.Length > MaxLength)
        {
            return $"A label name can have at most {MaxLength} characters.";
        }
        foreach (var c in trimmed)
        {
            if (char.IsControl(c))
            {
                return "A label name cannot contain control characters such as tabs or line breaks.";
            }
        }
        if (HasLoneSurrogate(trimmed))
        {
            return "A label name cannot contain invalid characters.";
        }
        // NFKC can lengthen a name (e.g. ligatures), and the key column has the same limit.
        var key = Key(trimmed);
        if (key.Length == 0 || key.Length > MaxLength)
        {
            return $"A label name must normalize to 1–{MaxLength} characters.";
        }
        return null;
    }

    /// <summary>
    /// A deliberately lossy form for suggesting duplicates, never for identity: case-folded, every
    /// character that is not a letter, digit or combining mark becomes a space, whitespace collapsed,
    /// and a plural "s" dropped from words of four or more letters not ending in "ss".
    /// </summary>
    public static string Loose(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var folded = Nfkc(name).ToLowerInvariant();
        var sb = new StringBuilder(folded.Length);
        foreach (var rune in folded.EnumerateRunes())
        {
            sb.Append(IsWordRune(rune) ? rune.ToString() : " ");
        }
        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            if (w.Length >= 4 && w[^1] == 's' && w[^2] != 's')
            {
                words[i] = w[..^1];
            }
        }
        return string.Join(' ', words);
    }

    private static bool IsWordRune(Rune rune) =>
        Rune.IsLetterOrDigit(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark;

    private static string CollapseWhitespace(string s)
    {
        var sb = new StringBuilder(s.Length);
        var pendingSpace = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>NFKC that tolerates lone surrogates (string.Normalize throws on them) by replacing them with U+FFFD.</summary>
    private static string Nfkc(string s)
    {
        if (HasLoneSurrogate(s))
        {
            var chars = s.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(chars[i]))
                {
                    chars[i] = '\uFFFD';
                }
            }
            s = new string(chars);
        }
        return s.Normalize(NormalizationForm.FormKC);
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }
        return false;
    }
}
