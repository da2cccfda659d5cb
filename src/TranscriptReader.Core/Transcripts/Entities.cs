namespace TranscriptReader.Core.Transcripts;

public static class MessageRoles
{
    public const string System = "system";
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string Tool = "tool";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { System, User, Assistant, Tool };
}

public static class BlockKinds
{
    public const string Text = "text";
    public const string Reasoning = "reasoning";
    public const string Output = "output";
    public const string DraftOutput = "draft_output";
    public const string ToolCall = "tool_call";
    public const string ToolResult = "tool_result";
    public const string RedactedReasoning = "redacted_reasoning";
    /// <summary>A provider's summary of reasoning it withheld: readable, but not the reasoning itself.</summary>
    public const string ReasoningSummary = "reasoning_summary";
    /// <summary>An assistant turn with no content, kept because a judge's score may refer to it; its text is a placeholder.</summary>
    public const string EmptyResponse = "empty_response";
    /// <summary>An embedded image (PNG, JPEG, GIF or WebP, checked by its bytes); its text is a placeholder, not taggable content.</summary>
    public const string Image = "image";
    public static readonly IReadOnlySet<string> All =
        new HashSet<string> { Text, Reasoning, Output, DraftOutput, ToolCall, ToolResult, RedactedReasoning, ReasoningSummary, EmptyResponse, Image };
}

/// <summary>A named group of transcripts, e.g. "AF helpful-only, free tier".</summary>
public sealed class Collection
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>
/// The bytes of one uploaded file. Several transcripts can come from one file (a JSONL dataset,
/// an Inspect log with many samples), so the original is stored once and transcripts point at it.
/// </summary>
public sealed class SourceFile
{
    public long Id { get; set; }
    public required string FileName { get; set; }
    public required string Sha256 { get; set; }
    public required byte[] Bytes { get; set; }
    public DateTimeOffset UploadedAt { get; set; } = DateTimeOffset.UtcNow;
}

public sealed class Transcript
{
    public long Id { get; set; }
    public required string Title { get; set; }
    /// <summary>File name or URL the transcript came from.</summary>
    public required string Source { get; set; }
    /// <summary>Where in the source file: "line 12", "samples/3_epoch_1.json".</summary>
    public string? SourceLocator { get; set; }
    public required string Format { get; set; }
    public string? Model { get; set; }
    /// <summary>Free-form metadata as a JSON object (jsonb).</summary>
    public string MetadataJson { get; set; } = "{}";
    public int? CollectionId { get; set; }
    public Collection? Collection { get; set; }
    public string? ImportedById { get; set; }
    public DateTimeOffset ImportedAt { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>SHA-256 of the normalized content; equal hashes are duplicates.</summary>
    public required string ContentHash { get; set; }
    public long? SourceFileId { get; set; }
    public SourceFile? SourceFile { get; set; }
    public int CharCount { get; set; }
    public bool CommentsLocked { get; set; }
    public DateTimeOffset LastActivityAt { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>
    /// Moves whenever the transcript row changes (a database trigger bumps it). Writes to its taggings, their votes
    /// and comments raise a <see cref="PageVersionSlot"/> instead; the page's version is this plus the slots
    /// (<c>transcript_page_version</c>; see <see cref="PageEpoch"/> for label and name changes). The app never writes it.
    /// </summary>
    public long PageVersion { get; private set; }
    public List<Message> Messages { get; set; } = [];
}

/// <summary>
/// One row: a version that database triggers move on every change to labels, aliases, collections and
/// reader names, which can appear on any transcript page. Like <see cref="Transcript.PageVersion"/> it is a
/// microsecond timestamp kept increasing, so versions are never reused, even after a restore from backup. A rendered page is current while its
/// transcript's <see cref="Transcript.PageVersion"/> and this value are what they were when it was rendered.
/// </summary>
public sealed class PageEpoch
{
    public const int SingletonId = 1;
    public int Id { get; set; }
    public long Value { get; set; }
}

public sealed class Message
{
    public long Id { get; set; }
    public long TranscriptId { get; set; }
    public Transcript? Transcript { get; set; }
    public int Ordinal { get; set; }
    public required string Role { get; set; }
    public string? Speaker { get; set; }
    public List<Block> Blocks { get; set; } = [];
}

/// <summary>A block of text inside a message; passages anchor to it by UTF-16 offsets.</summary>
public sealed class Block
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public Message? Message { get; set; }
    /// <summary>Denormalized so per-transcript queries need no join through messages.</summary>
    public long TranscriptId { get; set; }
    public int Ordinal { get; set; }
    public required string Kind { get; set; }
    public required string Text { get; set; }
    /// <summary>For tool calls: the function name. For tool results: the call id it answers.</summary>
    public string? Caption { get; set; }
    /// <summary>For an image block: the key of its bytes in <see cref="StoredImage"/>; null for every other kind.</summary>
    public string? ImageSha256 { get; set; }
}
