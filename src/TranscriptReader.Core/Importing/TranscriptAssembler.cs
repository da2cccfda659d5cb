using System.Text.Json.Nodes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// Collects messages for one transcript and applies the rules every format shares: texts are
/// normalized (see <see cref="TextCleanup.Normalize"/>), whitespace-only blocks are dropped
/// (nothing in them can be tagged), messages left without blocks are dropped, and a transcript
/// with no message left is an error.
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

    private readonly List<ParsedMessage> messages = [];

    public JsonObject Metadata { get; } = [];

    public IReadOnlyList<ParsedMessage> Messages => messages;

    public void Add(string role, string? speaker, IEnumerable<ParsedBlock> blocks)
    {
        var kept = new List<ParsedBlock>();
        foreach (var block in blocks)
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
            kept.Add(new ParsedBlock(block.Kind, text, TextCleanup.ClampOrNull(block.Caption, MaxCaption)));
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
        if (messages.Count == 0)
        {
            throw new ImportException("has no messages with text (every message is empty)");
        }

        var chosenTitle = string.IsNullOrWhiteSpace(title) ? fallbackTitle : title;
        if (string.IsNullOrWhiteSpace(chosenTitle))
        {
            chosenTitle = "Untitled transcript";
        }

        return new ParsedTranscript(
            TextCleanup.Clamp(chosenTitle, MaxTitle),
            format,
            TextCleanup.ClampOrNull(model, MaxModel),
            TextCleanup.ClampOrNull(locator, MaxLocator),
            Metadata,
            messages.ToArray());
    }
}
