namespace TranscriptReader.Core.Labels;

/// <summary>
/// What the catalog, the API and the label page show for a live label: its taggings, and the distinct
/// transcripts and readers among them, counted under the label they resolve to (merges included).
/// </summary>
/// <remarks>
/// Kept current by triggers (migration LabelCounts; <c>Sql/Functions/taggings_update_label_counts.sql</c> and
/// <c>labels_move_label_counts.sql</c>), never written by the app: every write path, plain SQL included, keeps
/// it exact. A merged-away label's row holds zeros. The distinct counts are the number of non-zero rows of
/// <see cref="LabelTranscriptCount"/> and <see cref="LabelReaderCount"/> of the label.
/// </remarks>
public sealed class LabelCount
{
    public int LabelId { get; set; }
    public int Taggings { get; set; }
    public int Transcripts { get; set; }
    public int Readers { get; set; }
}

/// <summary>Taggings of a live label (merges included) in one transcript: the reference count behind <see cref="LabelCount.Transcripts"/>.</summary>
public sealed class LabelTranscriptCount
{
    public int LabelId { get; set; }
    public long TranscriptId { get; set; }
    public int Taggings { get; set; }
}

/// <summary>Taggings of a live label (merges included) by one reader: the reference count behind <see cref="LabelCount.Readers"/>.</summary>
public sealed class LabelReaderCount
{
    public int LabelId { get; set; }
    public required string UserId { get; set; }
    public int Taggings { get; set; }
}
