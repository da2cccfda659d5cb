using System.Text.Json.Nodes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// An agent session log in JSON Lines, as Claude Code writes them: one event per line with a
/// <c>type</c>; user and assistant events carry an Anthropic-style <c>message</c> (role, content:
/// a string or text / thinking / tool_use / tool_result / image blocks). The whole file is one transcript.
/// <list type="bullet">
/// <item>Other events (summary, system, file-history-snapshot, …) and meta events (isMeta: the
/// caveats the tool inserts) are not messages; the first summary becomes the title.</item>
/// <item>Assistant events with the same message id (one line per content block) form one message.</item>
/// <item>tool_result blocks become tool messages in place, as for Anthropic messages.</item>
/// <item>Events of a subagent (isSidechain) keep their place, with "subagent" as speaker.</item>
/// </list>
/// </summary>
internal static class AgentSessionLog
{
    private const string SidechainSpeaker = "subagent";

    /// <summary>Every line is an object with a type, and some are user or assistant events with a message role.</summary>
    public static bool Looks(IReadOnlyList<JsonObject> events) =>
        events.All(e => e.GetString("type") is not null)
        && events.Any(e => e.GetString("type") is "user" or "assistant" && (e["message"] as JsonObject)?.GetString("role") is not null);

    public static ParsedTranscript Read(IReadOnlyList<(string Locator, JsonObject Event)> events, string fileBaseName)
    {
        var into = new TranscriptAssembler();
        string? summary = null;
        string? model = null;
        string? firstUserText = null;
        string? assistantId = null;
        string? assistantSpeaker = null;
        var assistantBlocks = new List<ParsedBlock>();
        void FlushAssistant()
        {
            if (assistantId is not null)
            {
                ChatMessages.AddSplittingToolResults(MessageRoles.Assistant, assistantSpeaker, assistantBlocks, into);
            }
            assistantId = null;
            assistantBlocks = [];
        }

        foreach (var (locator, e) in events)
        {
            var type = e.GetString("type");
            if (type == "summary")
            {
                summary ??= e.GetString("summary");
                continue;
            }
            if (type is not ("user" or "assistant") || e.GetBool("isMeta") || e["message"] is not JsonObject message)
            {
                continue;
            }
            try
            {
                var speaker = e.GetBool("isSidechain") ? SidechainSpeaker : null;
                var blocks = ContentParts.Read(message["content"]);
                if (type == "assistant")
                {
                    var id = message.GetString("id") ?? e.GetString("uuid") ?? locator;
                    if (id != assistantId)
                    {
                        FlushAssistant();
                    }
                    assistantId = id;
                    assistantSpeaker = speaker;
                    assistantBlocks.AddRange(blocks);
                    model = message.GetString("model") is { } m && !m.StartsWith('<') ? m : model;
                    continue;
                }
                FlushAssistant();
                firstUserText ??= blocks.FirstOrDefault(b => b.Kind == BlockKinds.Text && !string.IsNullOrWhiteSpace(b.Text))?.Text;
                ChatMessages.AddSplittingToolResults(MessageRoles.User, speaker, blocks, into);
                CopyFirst(e, into.Metadata, "sessionId", "cwd", "gitBranch", "version");
            }
            catch (ImportException ex)
            {
                throw ex.Within(locator);
            }
        }
        FlushAssistant();

        var title = summary ?? TextCleanup.TitleFrom(firstUserText);
        return into.Build(title ?? fileBaseName, fileBaseName, TranscriptFormats.AgentSession, model, null);
    }

    private static void CopyFirst(JsonObject source, JsonObject metadata, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (!metadata.ContainsKey(key) && source[key] is JsonValue value)
            {
                metadata[key] = value.DeepClone();
            }
        }
    }
}
