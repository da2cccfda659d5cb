namespace TranscriptReader.Core.Taggings;

/// <summary>
/// Outcome of <see cref="SpanAnchor.Create"/>: either a trimmed span with its exact quote and
/// context, or an error message for the reader (never both).
/// </summary>
public sealed record AnchorResult(bool Ok, int Start, int End, string Quote, string Prefix, string Suffix, string? Error)
{
    public static AnchorResult Success(int start, int end, string quote, string prefix, string suffix) =>
        new(true, start, end, quote, prefix, suffix, null);

    public static AnchorResult Failure(string error) => new(false, 0, 0, "", "", "", error);
}
