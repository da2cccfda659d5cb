using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace TranscriptReader.Core.Text;

/// <summary>
/// The one rule for text that enters the app from outside (JSON bodies, form fields, query strings, multipart
/// names): it must be valid Unicode and contain no NUL. PostgreSQL's text type refuses NUL (error 22021, 22P05 in
/// LIKE patterns), and a lone surrogate cannot be encoded as UTF-8 at all (System.Text.Json's GetString throws
/// on one). The web edge refuses such text with a 400 (TextGuardMiddleware); Core validators use the same rule so
/// that callers other than the web (the admin command line) get the same answer.
/// </summary>
/// <remarks>
/// U+FFFD REPLACEMENT CHARACTER is valid text and allowed: the importer itself writes it for NUL, and a reader may
/// quote such a passage. Invalid bytes are refused where the raw bytes can be seen (query strings, url-encoded forms,
/// JSON bodies) rather than after a decoder has replaced them.
/// </remarks>
public static class TextRules
{
    /// <summary>The message for text that breaks the rule; callers add what the text was.</summary>
    public const string Problem = "contains a NUL character or is not valid Unicode (invalid UTF-8 or a broken surrogate pair, often from a cut-off emoji)";

    /// <summary>True when <paramref name="text"/> has no NUL and no unpaired surrogate.</summary>
    public static bool IsCleanText(ReadOnlySpan<char> text)
    {
        if (text.IndexOf('\0') >= 0)
        {
            return false;
        }
        // The common case has no surrogates at all: one vectorized scan.
        var first = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return true;
        }
        var rest = text[first..];
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var consumed) != OperationStatus.Done)
            {
                return false;
            }
            rest = rest[consumed..];
        }
        return true;
    }

    /// <summary>True when <paramref name="text"/> is null or clean (see <see cref="IsCleanText(ReadOnlySpan{char})"/>).</summary>
    public static bool IsCleanText(string? text) => text is null || IsCleanText(text.AsSpan());

    /// <summary>True when <paramref name="utf8"/> is valid UTF-8 (no surrogates, no overlong forms) without NUL bytes.</summary>
    public static bool IsCleanUtf8(ReadOnlySpan<byte> utf8) => utf8.IndexOf((byte)0) < 0 && Utf8.IsValid(utf8);

    /// <summary>A message naming <paramref name="what"/> when it breaks the rule, otherwise null.</summary>
    public static string? Check(string? text, string what) => IsCleanText(text) ? null : Message(what);

    /// <summary>"The description contains a NUL character or is not valid Unicode (…); remove those characters and try again."</summary>
    public static string Message(string what) => $"{what} {Problem}; remove those characters and try again.";

    /// <summary>True when <paramref name="text"/> holds a noncharacter (U+FDD0–U+FDEF, or the last two code points
    /// of a plane such as U+FFFE): permanently reserved, never text, and <see cref="string.Normalize()"/> throws on them.</summary>
    public static bool HasNoncharacter(string text) => text.EnumerateRunes().Any(IsNoncharacter);

    private static bool IsNoncharacter(Rune rune) =>
        rune.Value is >= 0xFDD0 and <= 0xFDEF || (rune.Value & 0xFFFE) == 0xFFFE;
}
