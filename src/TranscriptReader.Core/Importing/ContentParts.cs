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
                    blocks.AddRange(ReadPart(part));
                }
                break;
            case JsonObject single:
                blocks.AddRange(ReadPart(single));
                break;
            default:
                blocks.Add(new ParsedBlock(BlockKinds.Text, content.ToJsonString()));
                break;
        }
        return blocks;
    }

    private static IEnumerable<ParsedBlock> ReadPart(JsonNode? part)
    {
        if (part is JsonValue value && value.TryGetValue<string>(out var plain))
        {
            return [new ParsedBlock(BlockKinds.Text, plain)];
        }
        if (part is not JsonObject obj)
        {
            return [new ParsedBlock(BlockKinds.Text, part?.ToJsonString() ?? "")];
        }

        var type = obj.GetString("type") ?? (obj.ContainsKey("text") ? "text" : "unknown");
        return type == "reasoning" ? InspectReasoning(obj) : [ReadTypedPart(type, obj)];
    }

    private static ParsedBlock ReadTypedPart(string type, JsonObject obj) =>
        type switch
        {
            "text" or "input_text" or "output_text" => new ParsedBlock(BlockKinds.Text, obj.GetString("text") ?? ""),
            "refusal" => new ParsedBlock(BlockKinds.Text, obj.GetString("refusal") ?? obj.GetString("text") ?? ""),
            "thinking" => Thinking(obj),
            // The data of redacted_thinking is ciphertext: it must never reach a block.
            "redacted_thinking" => new ParsedBlock(BlockKinds.RedactedReasoning, RedactedReasoningText),
            "tool_use" or "server_tool_use" => ToolUse(obj),
            "tool_result" or "web_search_tool_result" => new ParsedBlock(
                BlockKinds.ToolResult, TextOf(obj["content"]), obj.GetString("tool_use_id")),
            "image" or "image_url" or "input_image" => Image(obj),
            "audio" or "input_audio" => new ParsedBlock(BlockKinds.Text, "[audio]"),
            "video" => new ParsedBlock(BlockKinds.Text, "[video]"),
            "document" or "file" => new ParsedBlock(BlockKinds.Text, DocumentPlaceholder(obj)),
            "data" => new ParsedBlock(BlockKinds.Text, JsonSupport.Pretty(obj["data"])),
            _ => new ParsedBlock(BlockKinds.Text, obj.GetString("text") ?? $"[{type}]"),
        };

    /// <summary>
    /// Inspect's ContentReasoning. Readable reasoning the provider returned inside the signature
    /// (OpenRouter's reasoning-details://[…]) wins over everything else. Otherwise, when redacted,
    /// the reasoning field is ciphertext: the summary (if any) is shown as a summary, never as the
    /// reasoning, else a redacted_reasoning marker.
    /// </summary>
    private static IEnumerable<ParsedBlock> InspectReasoning(JsonObject obj)
    {
        if (ReasoningDetails.FromSignature(obj.GetString("signature")) is { Count: > 0 } details)
        {
            return details;
        }
        var summary = obj.GetString("summary");
        var reasoning = obj.GetString("reasoning");
        var redacted = obj.GetBool("redacted");
        if (!redacted && !string.IsNullOrWhiteSpace(reasoning))
        {
            return [new ParsedBlock(BlockKinds.Reasoning, reasoning)];
        }
        if (!string.IsNullOrWhiteSpace(summary))
        {
            return [new ParsedBlock(BlockKinds.ReasoningSummary, summary)];
        }
        return redacted ? [new ParsedBlock(BlockKinds.RedactedReasoning, RedactedReasoningText)] : [];
    }

    /// <summary>
    /// Anthropic thinking. Claude.ai exports add summaries of the thinking; they are shown only when
    /// the thinking itself is missing, and then as a summary.
    /// </summary>
    private static ParsedBlock Thinking(JsonObject obj)
    {
        var thinking = obj.GetString("thinking");
        if (string.IsNullOrWhiteSpace(thinking) && obj["summaries"] is JsonArray summaries)
        {
            var texts = summaries.OfType<JsonObject>().Select(s => s.GetString("summary")).OfType<string>().ToList();
            return new ParsedBlock(BlockKinds.ReasoningSummary, string.Join("\n\n", texts));
        }
        return new ParsedBlock(BlockKinds.Reasoning, thinking ?? "");
    }

    /// <summary>
    /// Inspect ContentImage (image: a data: URI or URL, attachments already resolved), OpenAI image_url
    /// ({url} or a string) and input_image, Anthropic image (source: base64 with media_type, or url).
    /// </summary>
    private static ParsedBlock Image(JsonObject obj)
    {
        if (obj["source"] is JsonObject source)
        {
            return source.GetString("type") == "base64"
                ? ImageContent.FromBase64(source.GetString("media_type"), source.GetString("data"))
                : ImageContent.FromReference(source.GetString("url"));
        }
        var reference = obj.GetString("image")
            ?? obj.GetString("image_url")
            ?? (obj["image_url"] as JsonObject)?.GetString("url")
            ?? obj.GetString("url");
        return ImageContent.FromReference(reference);
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
