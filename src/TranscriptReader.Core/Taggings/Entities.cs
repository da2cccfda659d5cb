namespace TranscriptReader.Core.Taggings;

/// <summary>One reader's application of one label to one span of one block.</summary>
public sealed class Tagging
{
    public long Id { get; set; }
    public long BlockId { get; set; }
    public long TranscriptId { get; set; }
    public int LabelId { get; set; }
    /// <summary>The label name as the reader typed or picked it, before any merge.</summary>
    public required string AppliedLabelName { get; set; }
    public required string UserId { get; set; }
    /// <summary>UTF-16 offset into the block text, inclusive.</summary>
    public int Start { get; set; }
    /// <summary>UTF-16 offset into the block text, exclusive.</summary>
    public int End { get; set; }
    public required string Quote { get; set; }
    public string Prefix { get; set; } = "";
    public string Suffix { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public bool CommentsLocked { get; set; }
    /// <summary>
    /// A counter-label: the tagging (another reader's, same block and offsets, another label) this one answers
    /// with "I'd call this…". Always the first tagging of the dispute, so a dispute is one tagging and its
    /// alternatives; null when the original is removed (the alternative stays as a tagging of its own).
    /// </summary>
    public long? AlternativeToId { get; set; }
}

public sealed class Vote
{
    public long TaggingId { get; set; }
    public required string UserId { get; set; }
    /// <summary>+1 agree, -1 dispute.</summary>
    public short Value { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>
    /// The tagging's transcript, copied by a database trigger on insert (whatever the app sends), so a
    /// reader's votes on one transcript are one index range: the transcript page reads them on every view.
    /// </summary>
    public long TranscriptId { get; private set; }
}
