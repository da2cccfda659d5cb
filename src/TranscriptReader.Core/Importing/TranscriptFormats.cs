namespace TranscriptReader.Core.Importing;

/// <summary>The format names stored in Transcript.Format and accepted as an import override.</summary>
public static class TranscriptFormats
{
    /// <summary>Inspect AI eval logs: .json with samples[] or .eval (ZIP).</summary>
    public const string Inspect = "inspect";

    /// <summary>Alignment-faking tagged text: INPUT, SCRATCHPAD_REASONING, OUTPUT.</summary>
    public const string AlignmentFaking = "af-tagged";

    /// <summary>OpenAI chat messages: a JSON array, {messages:[...]}, or JSONL of those.</summary>
    public const string OpenAiChat = "openai-chat";

    /// <summary>Anthropic Messages API: system plus messages with content blocks.</summary>
    public const string AnthropicMessages = "anthropic-messages";

    /// <summary>{model?, conversation:[{role, content}], ...other fields as metadata}.</summary>
    public const string ConversationJson = "conversation-json";

    /// <summary>JSON records (JSONL lines or array items) whose text field is AF-tagged or plain text.</summary>
    public const string TextJsonl = "text-jsonl";

    /// <summary>Plain text or Markdown, with or without speaker prefixes.</summary>
    public const string PlainText = "plain-text";

    public static IReadOnlyList<string> All { get; } =
        [Inspect, AlignmentFaking, OpenAiChat, AnthropicMessages, ConversationJson, TextJsonl, PlainText];
}
