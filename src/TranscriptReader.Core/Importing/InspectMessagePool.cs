using System.Text.Json.Nodes;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// Finds a sample's conversation in every Inspect log version. Older logs write it out in
/// <c>messages</c>. Newer ones store each distinct message once per sample, in <c>message_pool</c>
/// (later <c>events_data.messages</c>), and refer to it by half-open index ranges [start, end):
/// the sample's own <c>message_refs</c>, or a model event's <c>input_refs</c>. In that order of
/// preference: <c>messages</c>; <c>message_refs</c> into the pool; the model call with the longest
/// conversation (its input and its output message); the whole pool in order.
/// </summary>
internal static class InspectMessagePool
{
    public static JsonArray Conversation(JsonObject sample)
    {
        if (sample["messages"] is JsonArray { Count: > 0 } messages)
        {
            return messages;
        }
        var pool = sample["message_pool"] as JsonArray ?? (sample["events_data"] as JsonObject)?["messages"] as JsonArray;
        if (pool is null || pool.Count == 0)
        {
            throw new ImportException("has no messages");
        }
        if (sample["message_refs"] is JsonArray refs)
        {
            return Expand(refs, pool, "message_refs");
        }
        return LongestModelCall(sample["events"] as JsonArray, pool) ?? Copy(pool);
    }

    private static JsonArray? LongestModelCall(JsonArray? events, JsonArray pool)
    {
        JsonArray? best = null;
        foreach (var model in (events ?? []).OfType<JsonObject>().Where(e => e.GetString("event") == "model"))
        {
            var conversation = model["input"] is JsonArray { Count: > 0 } input ? Copy(input)
                : model["input_refs"] is JsonArray refs ? Expand(refs, pool, "input_refs")
                : [];
            var output = ((model["output"] as JsonObject)?["choices"] as JsonArray)?.FirstOrDefault() as JsonObject;
            if (output?["message"] is JsonObject message)
            {
                conversation.Add(message.DeepClone());
            }
            if (conversation.Count > (best?.Count ?? 0))
            {
                best = conversation;
            }
        }
        return best;
    }

    /// <summary>[[0, 4], [6, 7]] → pool[0..4] then pool[6..7]; a range outside the pool fails the sample.</summary>
    private static JsonArray Expand(JsonArray refs, JsonArray pool, string field)
    {
        var result = new JsonArray();
        foreach (var range in refs)
        {
            if (range is not JsonArray { Count: 2 } pair
                || !TryInt(pair[0], out var start) || !TryInt(pair[1], out var end)
                || start < 0 || end < start || end > pool.Count)
            {
                throw new ImportException(
                    $"{field} has a range {range?.ToJsonString() ?? "null"} that is not [start, end) within the message pool of {pool.Count} messages");
            }
            for (var i = start; i < end; i++)
            {
                result.Add(pool[i]?.DeepClone());
            }
        }
        return result;
    }

    private static bool TryInt(JsonNode? node, out int value)
    {
        value = 0;
        return node is JsonValue v && v.TryGetValue(out value);
    }

    private static JsonArray Copy(JsonArray array) => new([.. array.Select(n => n?.DeepClone())]);
}
