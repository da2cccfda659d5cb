namespace TranscriptReader.Core.Rendering;

/// <summary>One tagging to highlight in a block: UTF-16 offsets, end exclusive.</summary>
public sealed record HighlightSpan(long TaggingId, int Start, int End, int LabelId, string Color);
