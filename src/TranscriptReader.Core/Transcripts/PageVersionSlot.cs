namespace TranscriptReader.Core.Transcripts;

/// <summary>
/// One of a transcript's page-version counters, moved only by database triggers (<c>touch_transcript_pages</c>) on
/// every tagging, vote and comment write. A transcript has as many slots as it ever had writers at the same moment:
/// a write locks a free slot (<c>FOR UPDATE SKIP LOCKED</c>) instead of the transcript row, so concurrent writers on
/// one transcript do not queue behind each other's commits.
/// </summary>
/// <remarks>
/// The page version is <see cref="Transcript.PageVersion"/> plus the sum of the slots (<c>transcript_page_version</c>).
/// Each write raises one slot, and a PostgreSQL snapshot sees everything an earlier snapshot saw, so two readers who
/// see different writes see different sums: the version stays exact without a row every writer must lock. Slot values
/// are microsecond timestamps kept increasing, like the transcript's own, so versions after a restore move ahead.
/// </remarks>
public sealed class PageVersionSlot
{
    public long TranscriptId { get; set; }
    public int Slot { get; set; }
    public long Version { get; set; }
}
