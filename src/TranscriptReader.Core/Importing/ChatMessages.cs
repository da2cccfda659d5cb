using System.Text.Json.Nodes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <summary>Reads message arrays in the OpenAI, Anthropic and conversation-JSON shapes.</summary>
internal static class ChatMessages
{
    private static readonly HashSet<string> AnthropicOnlyBlockTypes =
        ["thinking", "redacted_thinking", "tool_use", "tool_result", "server_tool_use", "web_search_tool_result"];

    /// <summary>Maps the role names seen in published files; an unknown role is kept as the speaker of a user message.</summary>
    public static (string Role, string? Speaker) MapRole(string? raw) => raw?.Trim().ToLowerInvariant() switch
    {
        "system" or "developer" => (MessageRoles.System, null),
        "user" or "human" => (MessageRoles.User, null),
        "assistant" or "ai" or "model" or "gpt" or "bot" or "chatgpt" or "bard" or "bing" => (MessageRoles.Assistant, null),
        "tool" or "function" or "ipython" or "observation" => (MessageRoles.Tool, null),
        null or "" => throw new ImportException("has a message without a role"),
        _ => (MessageRoles.User, raw),
    };

    /// <summary>True for a messages array only Anthropic's Messages API produces (or a top-level system field).</summary>
    public static bool LooksAnthropic(JsonObject? container, JsonArray messages)
    {
        if (container is not null && container.ContainsKey("system"))
        {
            return true;
        }
        return messages.OfType<JsonObject>()
            .Select(m => m["content"])
            .OfType<JsonArray>()
            .SelectMany(parts => parts.OfType<JsonObject>())
            .Any(part => part.GetString("type") is { } type
                && (AnthropicOnlyBlockTypes.Contains(type) || (type == "image" && part["source"] is JsonObject)));
    }

    public static void ReadOpenAi(JsonArray messages, TranscriptAssembler into)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] as JsonObject ?? throw new ImportException($"message {i + 1} is not a JSON object");
            try
            {
                ReadOpenAiMessage(message, into);
            }
            catch (ImportException ex)
            {
                throw ex.Within($"message {i + 1}");
            }
        }
    }

    private static void ReadOpenAiMessage(JsonObject message, TranscriptAssembler into)
    {
        var (role, speaker) = MapRole(message.GetString("role") ?? message.GetString("from"));
        speaker = message.GetString("name") ?? speaker;
        var blocks = new List<ParsedBlock>();

        // reasoning_content (DeepSeek, vLLM), reasoning and reasoning_details (OpenRouter) precede the
        // answer they led to; reasoning_details can hold text the plain reasoning field lacks.
        var details = message["reasoning_details"] is JsonArray list ? ReasoningDetails.FromList(list) : [];
        var reasoning = message.GetString("reasoning_content") ?? message.GetString("reasoning");
        if (details.Any(d => d.Kind == BlockKinds.Reasoning) || reasoning is null)
        {
            blocks.AddRange(details);
        }
        else
        {
            blocks.Add(new ParsedBlock(BlockKinds.Reasoning, reasoning));
        }

        var content = message.ContainsKey("content") ? message["content"] : message["value"];
        if (role == MessageRoles.Tool)
        {
            blocks.Add(new ParsedBlock(BlockKinds.ToolResult, ContentParts.TextOf(content), message.GetString("tool_call_id")));
        }
        else
        {
            blocks.AddRange(ContentParts.Read(content));
        }

        if (message["tool_calls"] is JsonArray calls)
        {
            foreach (var call in calls.OfType<JsonObject>())
            {
                var function = call["function"] as JsonObject;
                blocks.Add(new ParsedBlock(
                    BlockKinds.ToolCall,
                    JsonSupport.PrettyArguments(function?["arguments"]),
                    function?.GetString("name") ?? call.GetString("name")));
            }
        }
        if (message["function_call"] is JsonObject legacyCall)
        {
            blocks.Add(new ParsedBlock(
                BlockKinds.ToolCall, JsonSupport.PrettyArguments(legacyCall["arguments"]), legacyCall.GetString("name")));
        }

        into.Add(role, speaker, blocks);
    }

    /// <summary>
    /// ShareGPT turns ({from, value}); besides the chat roles, function_call turns (a JSON call) and
    /// observation turns (its result) of the tool-use variants.
    /// </summary>
    public static void ReadShareGpt(JsonArray turns, TranscriptAssembler into)
    {
        for (var i = 0; i < turns.Count; i++)
        {
            var turn = turns[i] as JsonObject ?? throw new ImportException($"turn {i + 1} is not a JSON object");
            try
            {
                if (turn.GetString("from") is "function_call" && turn.GetString("value") is { } call)
                {
                    var parsed = JsonSupport.TryParse(call, out var node) ? node as JsonObject : null;
                    into.Add(MessageRoles.Assistant, null, new ParsedBlock(
                        BlockKinds.ToolCall, JsonSupport.PrettyArguments(parsed?["arguments"] ?? call), parsed?.GetString("name")));
                    continue;
                }
                ReadOpenAiMessage(turn, into);
            }
            catch (ImportException ex)
            {
                throw ex.Within($"turn {i + 1}");
            }
        }
    }

    /// <summary>
    /// Anthropic messages. A tool_result block inside a user message becomes its own tool-role
    /// message (in place, keeping order), so tool output reads the same as in OpenAI and Inspect
    /// transcripts and equal conversations hash equally.
    /// </summary>
    public static void ReadAnthropic(JsonNode? system, JsonArray messages, TranscriptAssembler into)
    {
        if (system is not null)
        {
            into.Add(MessageRoles.System, null, ContentParts.Read(system));
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] as JsonObject ?? throw new ImportException($"message {i + 1} is not a JSON object");
            try
            {
                var (role, speaker) = MapRole(message.GetString("role"));
                AddSplittingToolResults(role, speaker, ContentParts.Read(message["content"]), into);
            }
            catch (ImportException ex)
            {
                throw ex.Within($"message {i + 1}");
            }
        }
    }

    /// <summary>Adds one message, moving each tool_result block into a tool message of its own, in place.</summary>
    public static void AddSplittingToolResults(string role, string? speaker, IEnumerable<ParsedBlock> blocks, TranscriptAssembler into)
    {
        var pending = new List<ParsedBlock>();
        var split = false;
        foreach (var block in blocks)
        {
            if (block.Kind == BlockKinds.ToolResult)
            {
                if (pending.Count > 0)
                {
                    into.Add(role, speaker, pending);
                }
                pending = [];
                split = true;
                into.Add(MessageRoles.Tool, null, block);
            }
            else
            {
                pending.Add(block);
            }
        }
        // Only a message that was empty to begin with is kept as an empty response.
        if (pending.Count > 0 || !split)
        {
            into.Add(role, speaker, pending);
        }
    }
}
