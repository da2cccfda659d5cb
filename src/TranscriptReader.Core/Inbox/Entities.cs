namespace TranscriptReader.Core.Inbox;

/// <summary>What brought an item to a reader's inbox (<see cref="InboxItem.Kind"/>).</summary>
public static class InboxKinds
{
    /// <summary>A reply to one of the reader's comments.</summary>
    public const string Reply = "reply";
    /// <summary>A comment naming the reader as <c>@name</c>.</summary>
    public const string Mention = "mention";
    /// <summary>A comment in the thread of one of the reader's taggings.</summary>
    public const string Thread = "thread";
    /// <summary>A comment on a transcript the reader watches.</summary>
    public const string Watch = "watch";
    /// <summary>Another reader disputed one of the reader's taggings.</summary>
    public const string Dispute = "dispute";
    /// <summary>Another reader tagged the same passage with another label.</summary>
    public const string Counter = "counter";

    /// <summary>Kinds shown grouped per tagging ("3 readers disputed your tag").</summary>
    public static readonly IReadOnlySet<string> Grouped = new HashSet<string>(StringComparer.Ordinal) { Dispute, Counter };
}

/// <summary>
/// One thing for one reader to look at. Rows are written by database triggers on comments, votes and taggings
/// (<c>Sql/Functions/*_fill_inbox.sql</c>), so every write path fills inboxes alike; at most one item per
/// reader and comment, and per reader, tagging and other reader for disputes and counter-proposals.
/// </summary>
public sealed class InboxItem
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Kind { get; set; }
    public long TranscriptId { get; set; }
    public long? TaggingId { get; set; }
    public long? CommentId { get; set; }
    /// <summary>Who did it (null once their account is gone).</summary>
    public string? ActorId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>A reader watching a transcript: every new comment on it comes to their inbox.</summary>
public sealed class TranscriptWatch
{
    public required string UserId { get; set; }
    public long TranscriptId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
