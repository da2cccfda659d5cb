using System.Text.Json.Nodes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// Turns parsed JSON into transcripts: a whole document (Inspect log, one conversation, or an
/// array of records) or one record (a JSONL line or an array item).
/// </summary>
internal static class JsonTranscripts
{
    private const string ExpectedShapes =
        "expected samples[] (Inspect log), messages[] (OpenAI or Anthropic chat), conversation[] (conversation JSON), "
        + "conversations[] of {from, value} (ShareGPT), mapping (ChatGPT export), chat_messages[] (Claude.ai export), "
        + "text (a transcript record) or prompt + response; for other shapes, import with a field mapping (recipe)";

    public static List<ParsedTranscript> FromDocument(JsonNode document, string? format, string fileBaseName)
    {
        switch (document)
        {
            case JsonObject obj when format == TranscriptFormats.Inspect || (format is null && InspectLog.IsJsonLog(obj)):
                return InspectLog.FromJson(obj, fileBaseName);
            case JsonObject obj:
                return [FromRecord(obj, format, fileBaseName, null, fileBaseName)];
            case JsonArray array when format == TranscriptFormats.Inspect:
                throw new ImportException($"does not fit format {format}: an Inspect log is a JSON object with samples[], not an array");
            case JsonArray { Count: 0 }:
                throw new ImportException("is an empty JSON array");
            case JsonArray array when array.All(item => item is JsonObject o && (o.ContainsKey("role") || o.ContainsKey("from"))):
                return [FromMessageArray(array, format, fileBaseName)];
            case JsonArray array when array.All(item => item is JsonObject):
                var transcripts = new List<ParsedTranscript>();
                for (var i = 0; i < array.Count; i++)
                {
                    try
                    {
                        transcripts.Add(FromRecord((JsonObject)array[i]!, format, fileBaseName, $"[{i}]", $"{fileBaseName} — item {i}"));
                    }
                    catch (ImportException ex)
                    {
                        throw ex.Within($"item [{i}]");
                    }
                }
                return transcripts;
            default:
                throw new ImportException($"JSON has no recognized transcript shape: {ExpectedShapes}; found {Describe(document)}") { NoFormatFits = true };
        }
    }

    private static ParsedTranscript FromMessageArray(JsonArray messages, string? format, string title)
    {
        var into = new TranscriptAssembler();
        var chosen = format
            ?? (messages.OfType<JsonObject>().All(m => m.ContainsKey("from") && m.ContainsKey("value")) ? TranscriptFormats.ShareGpt
                : ChatMessages.LooksAnthropic(null, messages) ? TranscriptFormats.AnthropicMessages
                : TranscriptFormats.OpenAiChat);
        switch (chosen)
        {
            case TranscriptFormats.ShareGpt:
                ChatMessages.ReadShareGpt(messages, into);
                title = TextCleanup.TitleFrom(into.Messages.FirstOrDefault(m => m.Role == MessageRoles.User)?.Blocks[0].Text) ?? title;
                break;
            case TranscriptFormats.OpenAiChat:
                ChatMessages.ReadOpenAi(messages, into);
                break;
            case TranscriptFormats.AnthropicMessages:
                ChatMessages.ReadAnthropic(null, messages, into);
                break;
            case TranscriptFormats.ConversationJson:
                ChatMessages.ReadOpenAi(messages, into);
                break;
            default:
                throw new ImportException($"does not fit format {chosen}: it is a JSON array of chat messages");
        }
        return into.Build(title, title, chosen, null, null);
    }

    /// <summary>
    /// One record; locator is "line 7" or "[3]" (null when the record is the whole file) and
    /// fallbackTitle is used when the record carries no title of its own.
    /// </summary>
    public static ParsedTranscript FromRecord(JsonObject record, string? format, string fileBaseName, string? locator, string fallbackTitle)
    {
        var chosen = format ?? DetectRecordFormat(record)
            ?? throw new ImportException($"JSON has no recognized transcript shape: {ExpectedShapes}; found {JsonSupport.DescribeKeys(record)}") { NoFormatFits = true };
        var into = new TranscriptAssembler();
        var model = record.GetString("model");
        string? title = record.GetString("title");

        switch (chosen)
        {
            case TranscriptFormats.ChatGptExport:
                if (!ChatGptExport.Looks(record))
                {
                    throw Mismatch(chosen, "a conversation with a mapping object", record);
                }
                ChatGptExport.Read(record, into);
                model ??= ChatGptExport.Model(record);
                title ??= TextCleanup.TitleFrom(FirstUserText(into));
                break;

            case TranscriptFormats.ClaudeAiExport:
                if (!ClaudeAiExport.Looks(record))
                {
                    throw Mismatch(chosen, "a conversation with a chat_messages[] array", record);
                }
                ClaudeAiExport.Read(record, into);
                title = record.GetString("name") is { Length: > 0 } name ? name : TextCleanup.TitleFrom(FirstUserText(into));
                break;

            case TranscriptFormats.ShareGpt:
                var turns = Conversation(record) ?? throw Mismatch(chosen, "a JSON object with a conversations[] array", record);
                if (record.GetString("system") is { } shareGptSystem)
                {
                    into.Add(MessageRoles.System, null, new ParsedBlock(BlockKinds.Text, shareGptSystem));
                }
                ChatMessages.ReadShareGpt(turns, into);
                JsonSupport.CopyOtherFields(record, into.Metadata, "conversations", "conversation", "system", "model", "title");
                title ??= TextCleanup.TitleFrom(FirstUserText(into));
                break;

            case TranscriptFormats.ConversationJson:
                var conversation = Conversation(record)
                    ?? throw Mismatch(chosen, "a JSON object with a conversation[] array", record);
                ChatMessages.ReadOpenAi(conversation, into);
                JsonSupport.CopyOtherFields(record, into.Metadata, "conversation", "conversations", "model");
                title ??= ConversationTitle(record);
                break;

            case TranscriptFormats.OpenAiChat or TranscriptFormats.AnthropicMessages:
                var messages = record["messages"] as JsonArray
                    ?? throw Mismatch(chosen, "a JSON object with a messages[] array", record);
                if (chosen == TranscriptFormats.OpenAiChat)
                {
                    ChatMessages.ReadOpenAi(messages, into);
                    JsonSupport.CopyOtherFields(record, into.Metadata, "messages", "model", "title");
                }
                else
                {
                    ChatMessages.ReadAnthropic(record["system"], messages, into);
                    JsonSupport.CopyOtherFields(record, into.Metadata, "messages", "system", "model", "title");
                }
                break;

            case TranscriptFormats.TextJsonl:
                var text = record.GetString("text") ?? throw Mismatch(chosen, "a record with a text field", record);
                JsonSupport.CopyOtherFields(record, into.Metadata, "text", "title");
                if (AlignmentFakingText.LooksTagged(text))
                {
                    into.Metadata["text_format"] = TranscriptFormats.AlignmentFaking;
                    AlignmentFakingText.Read(text, into);
                }
                else
                {
                    into.Metadata["text_format"] = TranscriptFormats.PlainText;
                    var info = SpeakerText.Read(text, into);
                    title ??= info.Title;
                    model ??= info.Model;
                }
                break;

            case TranscriptFormats.AlignmentFaking:
                ReadAlignmentFakingRecord(record, into);
                break;

            default:
                throw new ImportException($"does not fit format {chosen}: found {JsonSupport.DescribeKeys(record)}");
        }

        return into.Build(title ?? fallbackTitle, fallbackTitle, chosen, model, locator);
    }

    private static string? DetectRecordFormat(JsonObject record)
    {
        if (ChatGptExport.Looks(record))
        {
            return TranscriptFormats.ChatGptExport;
        }
        if (ClaudeAiExport.Looks(record))
        {
            return TranscriptFormats.ClaudeAiExport;
        }
        if (Conversation(record) is { } conversation)
        {
            return conversation.OfType<JsonObject>().Any(t => t.ContainsKey("from") && t.ContainsKey("value"))
                ? TranscriptFormats.ShareGpt
                : TranscriptFormats.ConversationJson;
        }
        if (record["messages"] is JsonArray messages)
        {
            return ChatMessages.LooksAnthropic(record, messages) ? TranscriptFormats.AnthropicMessages : TranscriptFormats.OpenAiChat;
        }
        if (record.GetString("text") is not null)
        {
            return TranscriptFormats.TextJsonl;
        }
        return PromptOf(record) is not null && ResponseOf(record) is not null ? TranscriptFormats.AlignmentFaking : null;
    }

    /// <summary>
    /// {text} in AF tags, or {prompt|input, response|output|completion}: the prompt becomes the
    /// user message (its INPUT tags parsed when present), the response the assistant's blocks.
    /// </summary>
    private static void ReadAlignmentFakingRecord(JsonObject record, TranscriptAssembler into)
    {
        var text = record.GetString("text");
        if (text is not null)
        {
            if (!AlignmentFakingText.LooksTagged(text))
            {
                throw new ImportException($"does not fit format {TranscriptFormats.AlignmentFaking}: the text has no <INPUT>, <SCRATCHPAD_REASONING> or <OUTPUT> tags");
            }
            AlignmentFakingText.Read(text, into);
            JsonSupport.CopyOtherFields(record, into.Metadata, "text", "title", "model");
            return;
        }

        var prompt = PromptOf(record);
        var response = ResponseOf(record);
        if (prompt is null || response is null)
        {
            throw Mismatch(TranscriptFormats.AlignmentFaking, "a text field or prompt/input plus response/output/completion", record);
        }
        if (AlignmentFakingText.LooksTagged(prompt))
        {
            AlignmentFakingText.Read(prompt, into);
        }
        else
        {
            into.Add(MessageRoles.User, null, new ParsedBlock(BlockKinds.Text, prompt.Trim()));
        }
        AlignmentFakingText.ReadResponse(response, into);
        JsonSupport.CopyOtherFields(record, into.Metadata, "prompt", "input", "response", "output", "completion", "title", "model");
    }

    private static string? PromptOf(JsonObject r) => r.GetString("prompt") ?? r.GetString("input");

    private static string? ResponseOf(JsonObject r) => r.GetString("response") ?? r.GetString("output") ?? r.GetString("completion");

    private static JsonArray? Conversation(JsonObject record) =>
        record["conversation"] as JsonArray ?? record["conversations"] as JsonArray;

    /// <summary>"coding — persona 0, topic 5" for the persona-drift files; otherwise an id-like field.</summary>
    private static string? ConversationTitle(JsonObject record)
    {
        var domain = record.GetString("domain");
        var persona = record.GetScalarText("persona_id");
        var topic = record.GetScalarText("topic_id");
        if (domain is not null && persona is not null && topic is not null)
        {
            return $"{domain} — persona {persona}, topic {topic}";
        }
        return record.GetString("name") ?? record.GetScalarText("conversation_id") ?? record.GetScalarText("id");
    }

    private static string? FirstUserText(TranscriptAssembler into) =>
        into.Messages.Where(m => m.Role == MessageRoles.User).SelectMany(m => m.Blocks).FirstOrDefault()?.Text;

    private static ImportException Mismatch(string format, string expected, JsonObject found) =>
        new($"does not fit format {format}: expected {expected}; found {JsonSupport.DescribeKeys(found)}");

    private static string Describe(JsonNode node) => node switch
    {
        JsonObject obj => JsonSupport.DescribeKeys(obj),
        JsonArray array => $"an array of {array.Count} items that are not all objects",
        _ => $"a single JSON value ({node.ToJsonString()[..Math.Min(40, node.ToJsonString().Length)]})",
    };
}
