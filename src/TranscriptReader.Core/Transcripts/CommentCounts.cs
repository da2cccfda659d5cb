namespace TranscriptReader.Core.Transcripts;

/// <summary>Visible comments (neither deleted nor hidden) in a transcript's own thread, for the transcript list.</summary>
/// <remarks>
/// Kept current by triggers on comments (migration CommentCounts; <c>Sql/Functions/comments_update_comment_counts.sql</c>),
/// never written by the app. A transcript without a row has none.
/// </remarks>
public sealed class TranscriptCommentCount
{
    public long TranscriptId { get; set; }
    public int Comments { get; set; }
}

/// <summary>Visible comments in one tagging's thread, kept like <see cref="TranscriptCommentCount"/>.</summary>
/// <remarks>
/// One row per tagging, not per transcript: the row goes with its tagging (a foreign key cascade), which the
/// comments' own trigger cannot follow, since a cascaded comment no longer finds its tagging.
/// </remarks>
public sealed class TaggingCommentCount
{
    public long TaggingId { get; set; }
    /// <summary>The tagging's transcript, so the list sums a transcript's rows from one index.</summary>
    public long TranscriptId { get; set; }
    public int Comments { get; set; }
}
