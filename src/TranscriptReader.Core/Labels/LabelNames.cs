using System.Globalization;
using System.Text;
using TranscriptReader.Core.Text;

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
    /// <remarks>
    /// A name must show something (a letter, digit, punctuation mark or symbol): one made only of spaces, format
    /// characters (zero-width space, bidi marks, tags), combining marks or blank-looking fillers was listed as an
    /// empty label. A name of ASCII digits only is refused because digits name a label by its id everywhere a
    /// label is typed (the API, the tag popover, export filters). Noncharacters (U+FFFE, U+FDD0…) are no text.
    /// </remarks>
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
        if (!TextRules.IsCleanText(trimmed))
        {
            return "A label name cannot contain invalid characters.";
        }
        if (TextRules.HasNoncharacter(trimmed))
        {
            return "A label name cannot contain noncharacters such as U+FFFE.";
        }
        if (!trimmed.EnumerateRunes().Any(IsVisible))
        {
            return "A label name needs at least one visible character (a letter, digit, punctuation mark or symbol); this one is only spaces or invisible characters.";
        }
        if (IsDigits(trimmed))
        {
            return "A label name needs a character that is not a digit: digits alone name a label by its id.";
        }
        // NFKC can lengthen a name (e.g. ligatures), and the key column has the same limit.
        var key = Key(trimmed);
        if (key.Length == 0 || key.Length > MaxLength)
        {
            return $"A label name must normalize to 1–{MaxLength} characters.";
        }
        return null;
    }

    /// <summary>True when <paramref name="text"/>, trimmed, is one or more ASCII digits: a label id, never a name.</summary>
    public static bool IsDigits(string text)
    {
        var trimmed = text.AsSpan().Trim();
        return !trimmed.IsEmpty && !trimmed.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>
    /// A character that draws something: not a space, control, format character or lone combining mark, and not
    /// one of the fillers (Hangul fillers, the blank Braille pattern) that are letters or symbols by category but
    /// draw nothing.
    /// </summary>
    private static bool IsVisible(Rune rune) =>
        rune.Value is not (0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800)
        && Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.SpaceSeparator
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.EnclosingMark => false,
            _ => true,
        };

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

    /// <summary>
    /// NFKC that never throws: string.Normalize throws on lone surrogates and on U+FFFE, which become U+FFFD here
    /// (such names are refused by <see cref="Validate"/>, but a search or lookup must still get an answer).
    /// </summary>
    private static string Nfkc(string s)
    {
        s = s.Replace('\uFFFE', '\uFFFD');
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
