namespace TranscriptReader.Core.Discussion;

/// <summary>A comment in the thread of a transcript or of a tagging (exactly one of the two is set).</summary>
public sealed class Comment
{
    public long Id { get; set; }
    public long? TranscriptId { get; set; }
    public long? TaggingId { get; set; }
    public long? ParentId { get; set; }
    public required string AuthorId { get; set; }
    /// <summary>Markdown source; rendered through the one safe pipeline.</summary>
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? EditedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public DateTimeOffset? HiddenAt { get; set; }
    public string? HiddenById { get; set; }
    public string? HiddenReason { get; set; }
}

/// <summary>A previous body of an edited comment, kept for moderators.</summary>
public sealed class CommentRevision
{
    public long Id { get; set; }
    public long CommentId { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset RevisedAt { get; set; } = DateTimeOffset.UtcNow;
}
