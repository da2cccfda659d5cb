namespace TranscriptReader.Core.Agreement;

/// <summary>
/// A reader's statement that their reading of a transcript is complete: from then on, a passage they did not
/// tag means "not this label", not "not read yet". Agreement counts only done readers as coders.
/// </summary>
public sealed class DoneMark
{
    public long TranscriptId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset MarkedAt { get; set; } = DateTimeOffset.UtcNow;
}
