using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// Inspect AI eval logs: one transcript per sample, from a .json log (samples[]) or from the
/// samples/&lt;id&gt;_epoch_&lt;n&gt;.json entries of a .eval archive (eval header in header.json,
/// or _journal/start.json for a log that never finished). Newer logs pool messages per sample
/// (see <see cref="InspectMessagePool"/>); images are kept as images (see <see cref="ImageContent"/>).
/// </summary>
internal static partial class InspectLog
{
    public static bool IsJsonLog(JsonObject log) =>
        log["samples"] is JsonArray || (log["eval"] is JsonObject && log.ContainsKey("version"));

    public static List<ParsedTranscript> FromJson(JsonObject log, string fileBaseName)
    {
        if (log["samples"] is not JsonArray samples || samples.Count == 0)
        {
            throw new ImportException("Inspect log has no samples (was it written with log_samples=False?)");
        }

        var eval = log["eval"] as JsonObject;
        var transcripts = new List<ParsedTranscript>();
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i] as JsonObject ?? throw new ImportException($"samples[{i}] is not a JSON object");
            transcripts.Add(FromSample(eval, sample, $"samples[{i}]", fileBaseName));
        }
        return transcripts;
    }

    /// <summary>header is the parsed header.json or _journal/start.json, if the archive has one.</summary>
    public static List<ParsedTranscript> FromEval(
        JsonObject? header, IReadOnlyList<(string EntryName, JsonObject Sample)> samples, string fileBaseName)
    {
        if (samples.Count == 0)
        {
            throw new ImportException("Inspect .eval log has no samples (no samples/*.json entries)");
        }
        var eval = header?["eval"] as JsonObject;
        return samples.Select(s => FromSample(eval, s.Sample, s.EntryName, fileBaseName)).ToList();
    }

    private static ParsedTranscript FromSample(JsonObject? eval, JsonObject sample, string locator, string fileBaseName)
    {
        var id = sample.GetScalarText("id") ?? "?";
        var epoch = sample.GetScalarText("epoch") ?? "1";
        try
        {
            var attachments = sample["attachments"] as JsonObject;
            var messages = InspectMessagePool.Conversation(sample);

            var into = new TranscriptAssembler();
            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i] as JsonObject ?? throw new ImportException($"message {i + 1} is not a JSON object");
                var resolved = (JsonObject)ResolveAttachments(message.DeepClone(), attachments)!;
                ReadMessage(resolved, into);
            }

            var task = eval?.GetString("task");
            var metadata = into.Metadata;
            AddIfPresent(metadata, "task", eval?["task"]);
            AddIfPresent(metadata, "eval_id", eval?["eval_id"]);
            AddIfPresent(metadata, "run_id", eval?["run_id"]);
            AddIfPresent(metadata, "created", eval?["created"]);
            AddIfPresent(metadata, "sample_id", sample["id"]);
            AddIfPresent(metadata, "epoch", sample["epoch"]);
            AddIfPresent(metadata, "target", ResolveAttachments(sample["target"]?.DeepClone(), attachments));
            AddIfPresent(metadata, "choices", sample["choices"]);
            AddIfPresent(metadata, "scores", ResolveAttachments(sample["scores"]?.DeepClone(), attachments));
            if (sample["metadata"] is JsonObject { Count: > 0 } sampleMetadata)
            {
                metadata["sample_metadata"] = ResolveAttachments(sampleMetadata.DeepClone(), attachments);
            }
            AddIfPresent(metadata, "error", sample["error"]);

            var title = $"{task ?? fileBaseName} — sample {id}, epoch {epoch}";
            return into.Build(title, fileBaseName, TranscriptFormats.Inspect, eval?.GetString("model"), locator);
        }
        catch (ImportException ex)
        {
            throw ex.Within($"sample {id} (epoch {epoch}, {locator})");
        }
    }

    private static void ReadMessage(JsonObject message, TranscriptAssembler into)
    {
        var (role, speaker) = ChatMessages.MapRole(message.GetString("role"));
        var blocks = ContentParts.Read(message["content"]);

        if (role == MessageRoles.Tool)
        {
            var callId = message.GetString("tool_call_id");
            blocks = blocks
                .Where(b => !string.IsNullOrWhiteSpace(b.Text))
                .Select(b => b.Kind == BlockKinds.Text ? new ParsedBlock(BlockKinds.ToolResult, b.Text, callId) : b)
                .ToList();
            if (message["error"] is JsonObject error)
            {
                blocks.Add(new ParsedBlock(BlockKinds.ToolResult, $"Error ({error.GetString("type") ?? "unknown"}): {error.GetString("message")}", callId));
            }
            if (!blocks.Any(b => b.Kind == BlockKinds.ToolResult))
            {
                blocks.Add(new ParsedBlock(BlockKinds.ToolResult, "", callId));
            }
            speaker = message.GetString("function");
        }

        if (message["tool_calls"] is JsonArray calls)
        {
            foreach (var call in calls.OfType<JsonObject>())
            {
                blocks.Add(new ParsedBlock(BlockKinds.ToolCall, JsonSupport.PrettyArguments(call["arguments"]), call.GetString("function")));
            }
        }

        into.Add(role, speaker, blocks);
    }

    private static void AddIfPresent(JsonObject metadata, string key, JsonNode? value)
    {
        if (value is not null)
        {
            metadata[key] = value.Parent is null ? value : value.DeepClone();
        }
    }

    /// <summary>
    /// Inspect stores long strings once, as "attachment://&lt;hash&gt;" references into the sample's
    /// attachments map. Replaces references in every string of the (detached) node; an unknown
    /// reference is left as written so the reader sees something is missing.
    /// </summary>
    private static JsonNode? ResolveAttachments(JsonNode? node, JsonObject? attachments)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return text.Contains("attachment://", StringComparison.Ordinal) && attachments is not null
                    ? JsonValue.Create(AttachmentReference().Replace(text, m =>
                        attachments.GetString(m.Groups["hash"].Value) ?? m.Value))
                    : node;
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[key];
                    var replaced = ResolveAttachments(child, attachments);
                    if (!ReferenceEquals(replaced, child))
                    {
                        obj[key] = replaced;
                    }
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    var replaced = ResolveAttachments(child, attachments);
                    if (!ReferenceEquals(replaced, child))
                    {
                        array[i] = replaced;
                    }
                }
                return array;
            default:
                return node;
        }
    }

    [GeneratedRegex(@"attachment://(?<hash>[A-Za-z0-9_-]+)")]
    private static partial Regex AttachmentReference();
}
