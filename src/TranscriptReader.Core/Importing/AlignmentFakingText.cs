using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// Alignment-faking tagged text: &lt;INPUT&gt; (with &lt;is_free_tier_user&gt; and &lt;user_input&gt;)
/// → a user message; each &lt;SCRATCHPAD_REASONING&gt; → a reasoning block; &lt;OUTPUT&gt; → an output
/// block, all in one assistant message. Rules for the messy files people publish:
/// <list type="bullet">
/// <item>Each block's text is the text between its tags with leading and trailing whitespace
/// (spaces, tabs, newlines) trimmed; the interior is kept exactly, including nested
/// &lt;DRAFT_OUTPUT&gt; tags, which stay visible inside the reasoning.</item>
/// <item>A scratchpad that never closes ends where the next scratchpad or &lt;NEXT/&gt; starts,
/// otherwise it takes the rest of the text. An unclosed OUTPUT takes the rest of the text; an
/// unclosed INPUT ends where the first scratchpad or OUTPUT starts.</item>
/// <item>Text outside tags, after removing &lt;NEXT/&gt;, stray closing tags and bare "AI:" /
/// "USER:" turn markers: before the first scratchpad it joins the user message; after the last
/// scratchpad, when the text has no OUTPUT tag, it is the output; anywhere else it is a text block.</item>
/// </list>
/// </summary>
internal static partial class AlignmentFakingText
{
    private const string InputTag = "INPUT";
    private const string ScratchpadTag = "SCRATCHPAD_REASONING";
    private const string OutputTag = "OUTPUT";
    private const string NextTag = "<NEXT/>";

    public static bool LooksTagged(string text) =>
        text.Contains("<SCRATCHPAD_REASONING>", StringComparison.Ordinal)
        || text.Contains("<user_input>", StringComparison.Ordinal)
        || text.Contains("<INPUT>", StringComparison.Ordinal)
        || text.Contains("<OUTPUT>", StringComparison.Ordinal);

    /// <summary>Parses a whole tagged transcript; free-tier status goes to the assembler's metadata.</summary>
    public static void Read(string text, TranscriptAssembler into)
    {
        var segments = Tokenize(text);
        var hasOutput = segments.Any(s => s.Kind == SegmentKind.Output);
        var lastAssistant = segments.FindLastIndex(s => s.Kind is SegmentKind.Scratchpad or SegmentKind.Output);
        var firstAssistant = segments.FindIndex(s => s.Kind is SegmentKind.Scratchpad or SegmentKind.Output);

        string? currentRole = null;
        var current = new List<ParsedBlock>();
        void Emit(string role, ParsedBlock block)
        {
            if (currentRole != role && current.Count > 0)
            {
                into.Add(currentRole!, null, current);
                current = [];
            }
            currentRole = role;
            current.Add(block);
        }

        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            switch (segment.Kind)
            {
                case SegmentKind.Input:
                    Emit(MessageRoles.User, new ParsedBlock(BlockKinds.Text, ReadInput(segment.Text, into.Metadata)));
                    break;
                case SegmentKind.Scratchpad:
                    Emit(MessageRoles.Assistant, new ParsedBlock(BlockKinds.Reasoning, segment.Text.Trim()));
                    break;
                case SegmentKind.Output:
                    Emit(MessageRoles.Assistant, new ParsedBlock(BlockKinds.Output, segment.Text.Trim()));
                    break;
                default:
                    var loose = CleanLoose(segment.Text);
                    if (loose.Length == 0)
                    {
                        break;
                    }
                    if (firstAssistant < 0 || i < firstAssistant)
                    {
                        Emit(MessageRoles.User, new ParsedBlock(BlockKinds.Text, loose));
                    }
                    else
                    {
                        var kind = i > lastAssistant && !hasOutput ? BlockKinds.Output : BlockKinds.Text;
                        Emit(MessageRoles.Assistant, new ParsedBlock(kind, loose));
                    }
                    break;
            }
        }

        if (currentRole is not null)
        {
            into.Add(currentRole, null, current);
        }
    }

    /// <summary>An assistant response on its own (the JSON prompt/response form): untagged text is the output.</summary>
    public static void ReadResponse(string text, TranscriptAssembler into)
    {
        if (LooksTagged(text))
        {
            // Untagged text before the first scratchpad would read as the user's; in a response it is the assistant's.
            var blocks = new TranscriptAssembler();
            Read(text, blocks);
            into.Add(MessageRoles.Assistant, null, blocks.Messages.SelectMany(m =>
                m.Role == MessageRoles.User ? m.Blocks.Select(b => b with { Kind = BlockKinds.Text }) : m.Blocks));
            foreach (var (key, value) in blocks.Metadata)
            {
                into.Metadata[key] = value?.DeepClone();
            }
        }
        else
        {
            into.Add(MessageRoles.Assistant, null, new ParsedBlock(BlockKinds.Output, text.Trim()));
        }
    }

    private static string ReadInput(string input, JsonObject metadata)
    {
        var freeTier = Element(input, "is_free_tier_user");
        if (freeTier is not null && !metadata.ContainsKey("is_free_tier_user"))
        {
            var value = freeTier.Value.Content.Trim();
            metadata["is_free_tier_user"] = bool.TryParse(value, out var b) ? JsonValue.Create(b) : JsonValue.Create(value);
        }

        var userInput = Element(input, "user_input");
        if (userInput is not null)
        {
            return userInput.Value.Content.Trim();
        }
        var rest = freeTier is null ? input : input.Remove(freeTier.Value.Start, freeTier.Value.Length);
        return rest.Trim();
    }

    /// <summary>Finds &lt;name&gt;…&lt;/name&gt;; an unclosed element runs to the end of the text.</summary>
    private static (string Content, int Start, int Length)? Element(string text, string name)
    {
        var open = $"<{name}>";
        var start = text.IndexOf(open, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        var contentStart = start + open.Length;
        var close = text.IndexOf($"</{name}>", contentStart, StringComparison.Ordinal);
        var contentEnd = close < 0 ? text.Length : close;
        var end = close < 0 ? text.Length : close + name.Length + 3;
        return (text[contentStart..contentEnd], start, end - start);
    }

    private enum SegmentKind { Loose, Input, Scratchpad, Output }

    private readonly record struct Segment(SegmentKind Kind, string Text);

    private static List<Segment> Tokenize(string text)
    {
        var segments = new List<Segment>();
        var pos = 0;
        while (pos < text.Length)
        {
            var (tag, openAt) = NextOpenTag(text, pos);
            if (tag is null)
            {
                segments.Add(new Segment(SegmentKind.Loose, text[pos..]));
                break;
            }
            if (openAt > pos)
            {
                segments.Add(new Segment(SegmentKind.Loose, text[pos..openAt]));
            }

            var contentStart = openAt + tag.Length + 2;
            var closeTag = $"</{tag}>";
            var close = text.IndexOf(closeTag, contentStart, StringComparison.Ordinal);
            var unclosedEnd = tag switch
            {
                ScratchpadTag => FirstOf(text, contentStart, "<SCRATCHPAD_REASONING>", NextTag),
                InputTag => FirstOf(text, contentStart, "<SCRATCHPAD_REASONING>", "<OUTPUT>"),
                _ => text.Length,
            };

            int contentEnd;
            if (close >= 0 && close <= unclosedEnd)
            {
                contentEnd = close;
                pos = close + closeTag.Length;
            }
            else
            {
                contentEnd = unclosedEnd;
                pos = unclosedEnd;
            }

            var kind = tag switch
            {
                InputTag => SegmentKind.Input,
                ScratchpadTag => SegmentKind.Scratchpad,
                _ => SegmentKind.Output,
            };
            segments.Add(new Segment(kind, text[contentStart..contentEnd]));
        }
        return segments;
    }

    private static (string? Tag, int At) NextOpenTag(string text, int from)
    {
        string? best = null;
        var bestAt = int.MaxValue;
        foreach (var tag in new[] { InputTag, ScratchpadTag, OutputTag })
        {
            var at = text.IndexOf($"<{tag}>", from, StringComparison.Ordinal);
            if (at >= 0 && at < bestAt)
            {
                best = tag;
                bestAt = at;
            }
        }
        return (best, bestAt);
    }

    private static int FirstOf(string text, int from, params string[] markers)
    {
        var first = text.Length;
        foreach (var marker in markers)
        {
            var at = text.IndexOf(marker, from, StringComparison.Ordinal);
            if (at >= 0 && at < first)
            {
                first = at;
            }
        }
        return first;
    }

    private static string CleanLoose(string text)
    {
        var cleaned = StrayMarkup().Replace(text, "");
        cleaned = TurnMarker().Replace(cleaned, "");
        return cleaned.Trim();
    }

    [GeneratedRegex(@"<NEXT/>|</(?:INPUT|SCRATCHPAD_REASONING|OUTPUT|DRAFT_OUTPUT)>")]
    private static partial Regex StrayMarkup();

    // Published transcripts put "AI:" before each scratchpad and "USER:"/"INPUT:" before <NEXT/>.
    [GeneratedRegex(@"^[ \t]*(?:AI|USER|INPUT|Human|Assistant|Model):[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex TurnMarker();
}
