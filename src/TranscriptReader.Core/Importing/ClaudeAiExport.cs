using System.Text.Json.Nodes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// Claude.ai's data export (conversations.json: an array of {uuid, name, chat_messages, …}). Each chat
/// message has a sender (human or assistant), a plain <c>text</c> and, in newer exports, <c>content</c>
/// blocks (text, thinking, tool_use, tool_result) that are read instead of the text when present.
/// When messages name their parent and the conversation its current leaf, the path to that leaf is
/// read (other branches are edits and retries); otherwise the messages in order. Attachments with
/// extracted text become a block of the message they came with; files without text a [file: name] note.
/// </summary>
internal static class ClaudeAiExport
{
    public static bool Looks(JsonObject record) => record["chat_messages"] is JsonArray;

    public static void Read(JsonObject conversation, TranscriptAssembler into)
    {
        var messages = CurrentBranch(conversation);
        for (var i = 0; i < messages.Count; i++)
        {
            try
            {
                ReadMessage(messages[i], into);
            }
            catch (ImportException ex)
            {
                throw ex.Within($"chat message {i + 1}");
            }
        }
        foreach (var key in new[] { "uuid", "summary", "created_at", "updated_at" })
        {
            if (conversation[key] is JsonValue value && !(value.TryGetValue<string>(out var text) && text.Length == 0))
            {
                into.Metadata[key] = value.DeepClone();
            }
        }
    }

    private static void ReadMessage(JsonObject message, TranscriptAssembler into)
    {
        var (role, speaker) = ChatMessages.MapRole(message.GetString("sender") ?? message.GetString("role"));
        var blocks = message["content"] is JsonArray { Count: > 0 } content
            ? ContentParts.Read(content)
            : [new ParsedBlock(BlockKinds.Text, message.GetString("text") ?? "")];

        foreach (var attachment in (message["attachments"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = attachment.GetString("file_name") ?? "attachment";
            var extracted = attachment.GetString("extracted_content");
            blocks.Add(new ParsedBlock(BlockKinds.Text,
                string.IsNullOrWhiteSpace(extracted) ? $"[file: {name}]" : $"[attachment: {name}]\n\n{extracted}"));
        }
        foreach (var file in (message["files"] as JsonArray ?? []).OfType<JsonObject>())
        {
            blocks.Add(new ParsedBlock(BlockKinds.Text, $"[file: {file.GetString("file_name") ?? "file"}]"));
        }
        ChatMessages.AddSplittingToolResults(role, speaker, blocks, into);
    }

    private static List<JsonObject> CurrentBranch(JsonObject conversation)
    {
        var messages = ((JsonArray)conversation["chat_messages"]!).OfType<JsonObject>().ToList();
        var leaf = conversation.GetString("current_leaf_message_uuid");
        var byId = messages.Where(m => m.GetString("uuid") is not null)
            .GroupBy(m => m.GetString("uuid")!)
            .ToDictionary(g => g.Key, g => g.First());
        if (leaf is null || !byId.ContainsKey(leaf) || messages.All(m => m.GetString("parent_message_uuid") is null))
        {
            return messages;
        }

        var path = new List<JsonObject>();
        var seen = new HashSet<string>();
        for (var id = leaf; id is not null && seen.Add(id) && byId.TryGetValue(id, out var message); id = message.GetString("parent_message_uuid"))
        {
            path.Add(message);
        }
        path.Reverse();
        return path;
    }
}
