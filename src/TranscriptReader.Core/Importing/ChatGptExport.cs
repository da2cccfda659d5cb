using System.Text.Json.Nodes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// ChatGPT's data export (conversations.json: an array of conversations). Each conversation is a tree
/// of nodes in <c>mapping</c> ({id: {message, parent, children}}); regenerated answers and edited
/// prompts are branches. What the user last saw is the path from the root to <c>current_node</c>
/// (without one, the latest child at every step). Rules:
/// <list type="bullet">
/// <item>Skipped: nodes without a message, messages marked is_visually_hidden_from_conversation,
/// system messages without text, the "Thought for 5s" recaps (reasoning_recap) and the custom
/// instructions (user_editable_context, kept in metadata as custom_instructions).</item>
/// <item>Assistant nodes in a row (thoughts, a tool call, the answer) form one assistant message.
/// "thoughts" are the provider's summaries of withheld reasoning: reasoning_summary blocks with the
/// thought's heading as caption. An assistant message to a recipient other than "all" is a tool call
/// to that recipient; a tool's message (python, browser, …) is a tool result with its name as speaker.</item>
/// <item>Text and multimodal parts become text; image pointers (the export keeps the files apart)
/// become an [image] placeholder; audio transcriptions become text.</item>
/// </list>
/// </summary>
internal static class ChatGptExport
{
    public static bool Looks(JsonObject record) => record["mapping"] is JsonObject;

    public static void Read(JsonObject conversation, TranscriptAssembler into)
    {
        var mapping = (JsonObject)conversation["mapping"]!;
        var pending = new List<ParsedBlock>();
        string? pendingRole = null;
        string? pendingSpeaker = null;
        void Flush()
        {
            if (pendingRole is not null)
            {
                into.Add(pendingRole, pendingSpeaker, pending);
            }
            pending = [];
            pendingRole = null;
        }

        foreach (var message in CurrentPath(mapping, conversation.GetString("current_node")))
        {
            if (Turn(message, into.Metadata) is not { } turn)
            {
                continue;
            }
            var (role, speaker, blocks) = turn;
            if (role != MessageRoles.Assistant || pendingRole != MessageRoles.Assistant)
            {
                Flush();
            }
            pendingRole = role;
            pendingSpeaker = speaker;
            pending.AddRange(blocks);
        }
        Flush();

        foreach (var key in new[] { "conversation_id", "id", "create_time", "update_time", "default_model_slug", "gizmo_id" })
        {
            if (conversation[key] is JsonValue value && !into.Metadata.ContainsKey(key))
            {
                into.Metadata[key] = value.DeepClone();
            }
        }
    }

    /// <summary>The model of the last answer, else the conversation's default.</summary>
    public static string? Model(JsonObject conversation) =>
        CurrentPath((JsonObject)conversation["mapping"]!, conversation.GetString("current_node"))
            .Where(m => (m["author"] as JsonObject)?.GetString("role") == "assistant")
            .Select(m => (m["metadata"] as JsonObject)?.GetString("model_slug"))
            .LastOrDefault(slug => slug is not null)
        ?? conversation.GetString("default_model_slug");

    /// <summary>The messages from the root to the current node, in order; a cycle or a dangling parent ends the walk.</summary>
    private static List<JsonObject> CurrentPath(JsonObject mapping, string? currentNode)
    {
        var leaf = currentNode is not null && mapping[currentNode] is JsonObject ? currentNode : LatestLeaf(mapping);
        var path = new List<JsonObject>();
        var seen = new HashSet<string>();
        for (var id = leaf; id is not null && seen.Add(id) && mapping[id] is JsonObject node; id = node.GetString("parent"))
        {
            if (node["message"] is JsonObject message)
            {
                path.Add(message);
            }
        }
        path.Reverse();
        return path;
    }

    private static string? LatestLeaf(JsonObject mapping)
    {
        var root = mapping.FirstOrDefault(p => p.Value is JsonObject n && (n.GetString("parent") is not { } parent || mapping[parent] is null)).Key;
        var seen = new HashSet<string>();
        var id = root;
        while (id is not null && seen.Add(id) && mapping[id] is JsonObject node
            && node["children"] is JsonArray { Count: > 0 } children && children[^1] is JsonValue child
            && child.TryGetValue<string>(out var next))
        {
            id = next;
        }
        return id;
    }

    private static (string Role, string? Speaker, List<ParsedBlock> Blocks)? Turn(JsonObject message, JsonObject metadata)
    {
        var author = message["author"] as JsonObject;
        var role = author?.GetString("role");
        var content = message["content"] as JsonObject;
        var type = content?.GetString("content_type");
        if (type == "user_editable_context")
        {
            metadata["custom_instructions"] = new JsonObject
            {
                ["user_profile"] = content?.GetString("user_profile"),
                ["user_instructions"] = content?.GetString("user_instructions"),
            };
            return null;
        }
        if ((message["metadata"] as JsonObject)?.GetBool("is_visually_hidden_from_conversation") == true
            || type is "reasoning_recap" or "model_editable_context")
        {
            return null;
        }

        var blocks = Blocks(content, type);
        if (type == "thoughts" && blocks.Count == 0)
        {
            return null;
        }
        switch (role)
        {
            case "system":
                return blocks.Any(b => !string.IsNullOrWhiteSpace(b.Text)) ? (MessageRoles.System, null, blocks) : null;
            case "tool":
                return (MessageRoles.Tool, author?.GetString("name"),
                    blocks.ConvertAll(b => b.Kind == BlockKinds.Text ? b with { Kind = BlockKinds.ToolResult } : b));
            case "assistant" when message.GetString("recipient") is { } recipient && recipient != "all":
                return (MessageRoles.Assistant, null,
                    [new ParsedBlock(BlockKinds.ToolCall, string.Join("\n\n", blocks.Select(b => b.Text)), recipient)]);
            default:
                var (mapped, speaker) = ChatMessages.MapRole(role ?? "user");
                return (mapped, speaker, blocks);
        }
    }

    private static List<ParsedBlock> Blocks(JsonObject? content, string? type)
    {
        if (content is null || type is null)
        {
            return [];
        }
        switch (type)
        {
            case "thoughts":
                return (content["thoughts"] as JsonArray ?? []).OfType<JsonObject>().Select(Thought).ToList();
            case "code" or "execution_output" or "tether_browsing_display":
                return [new ParsedBlock(BlockKinds.Text, content.GetString("text") ?? content.GetString("result") ?? "")];
            case "tether_quote":
                return [new ParsedBlock(BlockKinds.Text, string.Join("\n\n",
                    new[] { content.GetString("title"), content.GetString("url"), content.GetString("text") }.Where(s => !string.IsNullOrWhiteSpace(s))))];
            case "system_error":
                return [new ParsedBlock(BlockKinds.Text, $"Error ({content.GetString("name") ?? "unknown"}): {content.GetString("text")}")];
        }
        if (content["parts"] is JsonArray parts)
        {
            return parts.Select(Part).ToList();
        }
        return [new ParsedBlock(BlockKinds.Text, content.GetString("text") ?? JsonSupport.Pretty(content))];
    }

    private static ParsedBlock Part(JsonNode? part)
    {
        if (part is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return new ParsedBlock(BlockKinds.Text, text);
        }
        var obj = part as JsonObject;
        return obj?.GetString("content_type") switch
        {
            "image_asset_pointer" => new ParsedBlock(BlockKinds.Text, ImageContent.Placeholder),
            "audio_transcription" => new ParsedBlock(BlockKinds.Text, obj.GetString("text") ?? ""),
            "audio_asset_pointer" or "real_time_user_audio_video_asset_pointer" => new ParsedBlock(BlockKinds.Text, "[audio]"),
            _ => new ParsedBlock(BlockKinds.Text, obj?.GetString("text") ?? JsonSupport.Pretty(part)),
        };
    }

    /// <summary>{summary, content}: content is the readable summary, summary its heading (a string or [{text}]).</summary>
    private static ParsedBlock Thought(JsonObject thought)
    {
        var heading = thought.GetString("summary")
            ?? string.Join(" ", (thought["summary"] as JsonArray ?? []).OfType<JsonObject>().Select(s => s.GetString("text")).OfType<string>());
        var body = thought.GetString("content");
        return string.IsNullOrWhiteSpace(body)
            ? new ParsedBlock(BlockKinds.ReasoningSummary, heading)
            : new ParsedBlock(BlockKinds.ReasoningSummary, body, string.IsNullOrWhiteSpace(heading) ? null : heading);
    }
}
