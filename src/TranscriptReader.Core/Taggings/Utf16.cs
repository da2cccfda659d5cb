namespace TranscriptReader.Core.Taggings;

/// <summary>Helpers for UTF-16 code-unit offsets (see STYLE.md, "Offsets").</summary>
internal static class Utf16
{
    /// <summary>
    /// True when an offset falls between the two halves of a surrogate pair: such an edge would cut
    /// an emoji or other non-BMP character in half, in the browser as well as here.
    /// </summary>
    public static bool SplitsSurrogatePair(string text, int index) =>
        index > 0
        && index < text.Length
        && char.IsHighSurrogate(text[index - 1])
        && char.IsLowSurrogate(text[index]);
}
