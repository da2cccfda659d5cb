namespace TranscriptReader.Core.Taggings;

/// <summary>A selection checked by <see cref="SpanAnchor.Create"/>: trimmed offsets, the exact quote and its context.</summary>
public sealed record AnchoredSpan(int Start, int End, string Quote, string Prefix, string Suffix);
