using System.Text.Json.Nodes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// Collects messages for one transcript and applies the rules every format shares: texts are
/// normalized (see <see cref="TextCleanup.Normalize"/>); an assistant's text and output blocks are
/// split at inline reasoning tags (see <see cref="ThinkTags"/>), in whatever format they came;
/// whitespace-only blocks are dropped (nothing in them can be tagged); an assistant message left
/// without blocks keeps one "(empty response)" block, because a judge's score may be about exactly
/// that; other messages left without blocks are dropped; and a transcript with no text left is an error.
/// </summary>
internal sealed class TranscriptAssembler
{
    // Column lengths from the EF configuration; longer values are shortened, not rejected.
    private const int MaxTitle = 500;
    private const int MaxModel = 200;
    private const int MaxSpeaker = 200;
    private const int MaxCaption = 500;
    private const int MaxLocator = 1000;

    /// <summary>Shown instead of an empty tool result, so the call still visibly got an answer.</summary>
    public const string EmptyToolResult = "[no output]";

    /// <summary>The text of an <see cref="BlockKinds.EmptyResponse"/> block.</summary>
    public const string EmptyResponseText = "(empty response)";

    private readonly List<ParsedMessage> messages = [];

    public JsonObject Metadata { get; } = [];

    public IReadOnlyList<ParsedMessage> Messages => messages;

    /// <summary>
    /// Adds one message. Call it once per message of the source: an assistant message that ends up
    /// empty is kept as an empty response, so splitting one source message into several calls must
    /// skip the empty parts.
    /// </summary>
    public void Add(string role, string? speaker, IEnumerable<ParsedBlock> blocks)
    {
        var kept = new List<ParsedBlock>();
        foreach (var block in role == MessageRoles.Assistant ? blocks.SelectMany(SplitInlineReasoning) : blocks)
        {
            var text = TextCleanup.Normalize(block.Text);
            if (string.IsNullOrWhiteSpace(text))
            {
                if (block.Kind != BlockKinds.ToolResult)
                {
                    continue;
                }
                text = EmptyToolResult;
            }
            kept.Add(block with { Text = text, Caption = TextCleanup.ClampOrNull(block.Caption, MaxCaption) });
        }

        if (kept.Count == 0 && role == MessageRoles.Assistant)
        {
            kept.Add(new ParsedBlock(BlockKinds.EmptyResponse, EmptyResponseText));
        }
        if (kept.Count > 0)
        {
            messages.Add(new ParsedMessage(role, TextCleanup.ClampOrNull(speaker, MaxSpeaker), kept));
        }
    }

    public void Add(string role, string? speaker, params ParsedBlock[] blocks) =>
        Add(role, speaker, (IEnumerable<ParsedBlock>)blocks);

    public ParsedTranscript Build(string title, string fallbackTitle, string format, string? model, string? locator)
    {
        if (messages.All(m => m.Blocks.All(b => b.Kind == BlockKinds.EmptyResponse)))
        {
            throw new ImportException("has no messages with text (every message is empty)");
        }

        var chosenTitle = string.IsNullOrWhiteSpace(title) ? fallbackTitle : title;
        if (string.IsNullOrWhiteSpace(chosenTitle))
        {
            chosenTitle = "Untitled transcript";
        }

        JsonSupport.LimitDepth(Metadata, JsonSupport.MaxMetadataDepth);
        return new ParsedTranscript(
            TextCleanup.Clamp(chosenTitle, MaxTitle),
            format,
            TextCleanup.ClampOrNull(model, MaxModel),
            TextCleanup.ClampOrNull(locator, MaxLocator),
            Metadata,
            messages.ToArray());
    }

    private static IEnumerable<ParsedBlock> SplitInlineReasoning(ParsedBlock block) =>
        block.Kind is BlockKinds.Text or BlockKinds.Output && ThinkTags.Split(TextCleanup.Normalize(block.Text)) is { } split
            ? split
            : [block];
}
