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

    /// <summary>Plain text or Markdown, with speaker prefixes or turn headings, or neither.</summary>
    public const string PlainText = "plain-text";

    /// <summary>ChatGPT data export: conversations.json, conversations with a mapping tree of messages.</summary>
    public const string ChatGptExport = "chatgpt-export";

    /// <summary>Claude.ai data export: conversations.json, conversations with chat_messages.</summary>
    public const string ClaudeAiExport = "claude-export";

    /// <summary>Agent session log (Claude Code): JSON Lines of events, the whole file one transcript.</summary>
    public const string AgentSession = "agent-session";

    /// <summary>ShareGPT: {conversations: [{from: human|gpt|system, value}]}, alone, in an array or as JSONL.</summary>
    public const string ShareGpt = "sharegpt";

    /// <summary>
    /// Read with an import recipe (see Importing/Recipes): stored as the format of such transcripts, but
    /// not a format to force, since a recipe comes with it.
    /// </summary>
    public const string Recipe = "recipe";

    public static IReadOnlyList<string> All { get; } =
        [Inspect, AlignmentFaking, OpenAiChat, AnthropicMessages, ConversationJson, TextJsonl, PlainText,
         ChatGptExport, ClaudeAiExport, AgentSession, ShareGpt];
}
