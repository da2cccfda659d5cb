using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Taggings;

/// <summary>Validates and trims a passage a reader selected in one block.</summary>
public static class SpanAnchor
{
    /// <summary>UTF-16 code units of context kept on each side, to re-find the quote if a block changes.</summary>
    public const int ContextLength = 32;

    /// <summary>
    /// Checks a selection [start, end) of <paramref name="blockText"/> and trims whitespace at its
    /// edges. <paramref name="quote"/> is optional; when given it must equal either the raw selection
    /// or the trimmed one, because browsers differ in whether the client trims before sending.
    /// Invalid input yields an <see cref="FailureKind.Invalid"/> failure with a message for the reader, never an exception.
    /// </summary>
    public static Outcome<AnchoredSpan> Create(string blockText, int start, int end, string? quote)
    {
        ArgumentNullException.ThrowIfNull(blockText);
        if (start < 0 || end > blockText.Length || start > end)
        {
            return Failure.Invalid(
                $"The selection {start}–{end} is outside the block (length {blockText.Length}).");
        }
        if (Utf16.SplitsSurrogatePair(blockText, start) || Utf16.SplitsSurrogatePair(blockText, end))
        {
            return Failure.Invalid("The selection cuts a character (such as an emoji) in half.");
        }

        var trimmedStart = start;
        var trimmedEnd = end;
        while (trimmedStart < trimmedEnd && char.IsWhiteSpace(blockText[trimmedStart]))
        {
            trimmedStart++;
        }
        while (trimmedEnd > trimmedStart && char.IsWhiteSpace(blockText[trimmedEnd - 1]))
        {
            trimmedEnd--;
        }
        if (trimmedStart == trimmedEnd)
        {
            return Failure.Invalid("The selection is empty or only whitespace.");
        }

        var trimmed = blockText[trimmedStart..trimmedEnd];
        if (quote is not null
            && !string.Equals(quote, trimmed, StringComparison.Ordinal)
            && !blockText.AsSpan(start, end - start).SequenceEqual(quote))
        {
            return Failure.Invalid("The quoted text does not match the block at that position; reload the transcript.");
        }

        var prefixStart = Math.Max(0, trimmedStart - ContextLength);
        if (Utf16.SplitsSurrogatePair(blockText, prefixStart))
        {
            prefixStart++;
        }
        var suffixEnd = Math.Min(blockText.Length, trimmedEnd + ContextLength);
        if (Utf16.SplitsSurrogatePair(blockText, suffixEnd))
        {
            suffixEnd--;
        }
        return new AnchoredSpan(
            trimmedStart,
            trimmedEnd,
            trimmed,
            blockText[prefixStart..trimmedStart],
            blockText[trimmedEnd..suffixEnd]);
    }
}
