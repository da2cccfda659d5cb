using System.Text.Json.Nodes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// Turns a message's content (a string or a list of typed parts) into blocks. One reader serves
/// Inspect, OpenAI and Anthropic: their part type names do not collide.
/// </summary>
internal static class ContentParts
{
    public const string RedactedReasoningText = "Reasoning redacted by the provider.";

    public static List<ParsedBlock> Read(JsonNode? content)
    {
        var blocks = new List<ParsedBlock>();
        switch (content)
        {
            case null:
                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                blocks.Add(new ParsedBlock(BlockKinds.Text, text));
                break;
            case JsonArray parts:
                foreach (var part in parts)
                {
                    blocks.Add(ReadPart(part));
                }
                break;
            case JsonObject single:
                blocks.Add(ReadPart(single));
                break;
            default:
                blocks.Add(new ParsedBlock(BlockKinds.Text, content.ToJsonString()));
                break;
        }
        return blocks;
    }

    private static ParsedBlock ReadPart(JsonNode? part)
    {
        if (part is JsonValue value && value.TryGetValue<string>(out var plain))
        {
            return new ParsedBlock(BlockKinds.Text, plain);
        }
        if (part is not JsonObject obj)
        {
            return new ParsedBlock(BlockKinds.Text, part?.ToJsonString() ?? "");
        }

        var type = obj.GetString("type") ?? (obj.ContainsKey("text") ? "text" : "unknown");
        return type switch
        {
            "text" or "input_text" or "output_text" => new ParsedBlock(BlockKinds.Text, obj.GetString("text") ?? ""),
            "refusal" => new ParsedBlock(BlockKinds.Text, obj.GetString("refusal") ?? obj.GetString("text") ?? ""),
            "reasoning" => InspectReasoning(obj),
            "thinking" => new ParsedBlock(BlockKinds.Reasoning, obj.GetString("thinking") ?? ""),
            // The data of redacted_thinking is ciphertext: it must never reach a block.
            "redacted_thinking" => new ParsedBlock(BlockKinds.RedactedReasoning, RedactedReasoningText),
            "tool_use" or "server_tool_use" => ToolUse(obj),
            "tool_result" or "web_search_tool_result" => new ParsedBlock(
                BlockKinds.ToolResult, TextOf(obj["content"]), obj.GetString("tool_use_id")),
            "image" or "image_url" or "input_image" => new ParsedBlock(BlockKinds.Text, "[image]"),
            "audio" or "input_audio" => new ParsedBlock(BlockKinds.Text, "[audio]"),
            "video" => new ParsedBlock(BlockKinds.Text, "[video]"),
            "document" or "file" => new ParsedBlock(BlockKinds.Text, DocumentPlaceholder(obj)),
            "data" => new ParsedBlock(BlockKinds.Text, JsonSupport.Pretty(obj["data"])),
            _ => new ParsedBlock(BlockKinds.Text, obj.GetString("text") ?? $"[{type}]"),
        };
    }

    /// <summary>
    /// Inspect's ContentReasoning. When redacted, the reasoning field is ciphertext: only the
    /// summary (if any) is shown, otherwise a redacted_reasoning marker.
    /// </summary>
    private static ParsedBlock InspectReasoning(JsonObject obj)
    {
        var summary = obj.GetString("summary");
        if (obj.GetBool("redacted"))
        {
            return string.IsNullOrWhiteSpace(summary)
                ? new ParsedBlock(BlockKinds.RedactedReasoning, RedactedReasoningText)
                : new ParsedBlock(BlockKinds.Reasoning, summary);
        }
        var reasoning = obj.GetString("reasoning");
        return new ParsedBlock(BlockKinds.Reasoning, string.IsNullOrWhiteSpace(reasoning) ? summary ?? "" : reasoning);
    }

    /// <summary>Anthropic tool_use (input object) and Inspect ContentToolUse (arguments string).</summary>
    private static ParsedBlock ToolUse(JsonObject obj)
    {
        var arguments = obj.ContainsKey("input") ? obj["input"] : obj["arguments"];
        return new ParsedBlock(BlockKinds.ToolCall, JsonSupport.PrettyArguments(arguments), obj.GetString("name"));
    }

    private static string DocumentPlaceholder(JsonObject obj)
    {
        var name = obj.GetString("filename") ?? obj.GetString("title") ?? (obj["file"] as JsonObject)?.GetString("filename");
        return string.IsNullOrWhiteSpace(name) ? "[document]" : $"[document: {name}]";
    }

    /// <summary>Flattens content (string or parts) to one text, for places that hold a single block.</summary>
    public static string TextOf(JsonNode? content) =>
        string.Join("\n\n", Read(content).Select(b => b.Text).Where(t => !string.IsNullOrEmpty(t)));
}
