using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TranscriptReader.Core.Importing;

internal static class JsonSupport
{
    // Published logs nest deeply (tool arguments inside events inside samples); the default 64 is too tight.
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 256,
    };

    // Pretty-printed tool arguments are stored text: keep non-ASCII readable and line ends LF.
    // Writing has a depth limit too (64 by default): allow what reading allows.
    private static readonly JsonSerializerOptions PrettyOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
        MaxDepth = DocumentOptions.MaxDepth,
    };

    private static readonly JsonSerializerOptions CompactOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = DocumentOptions.MaxDepth,
    };

    /// <summary>Metadata nests at most this deep, so that it serializes with System.Text.Json's default limit of 64.</summary>
    public const int MaxMetadataDepth = 48;

    /// <summary>Parses JSON or throws an <see cref="ImportException"/> with the 1-based line and byte position.</summary>
    public static JsonNode Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json, nodeOptions: null, DocumentOptions)
                ?? throw new ImportException("is JSON null, not a transcript");
        }
        catch (JsonException ex)
        {
            throw new ImportException(Describe(ex));
        }
    }

    public static bool TryParse(string json, out JsonNode? node)
    {
        try
        {
            node = JsonNode.Parse(json, nodeOptions: null, DocumentOptions);
            return node is not null;
        }
        catch (JsonException)
        {
            node = null;
            return false;
        }
    }

    /// <summary>"malformed JSON at line 3, byte 17: 'x' is an invalid start of a value."</summary>
    public static string Describe(JsonException ex)
    {
        // System.Text.Json words this in terms of its options ("the maximum configured depth of 256").
        var reason = ex.Message.Contains("maximum configured depth", StringComparison.Ordinal)
            ? $"it is nested more than {DocumentOptions.MaxDepth} levels deep, which no transcript needs"
            : ex.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            reason = reason[..cut];
        }
        return ex.LineNumber is { } line
            ? $"malformed JSON at line {line + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}: {reason}"
            : $"malformed JSON: {reason}";
    }

    public static string Pretty(JsonNode? node) => node is null ? "null" : node.ToJsonString(PrettyOptions);

    /// <summary>Tool arguments arrive as objects (Inspect, Anthropic) or as JSON strings (OpenAI); both become indented JSON.</summary>
    public static string PrettyArguments(JsonNode? arguments)
    {
        if (arguments is JsonValue value && value.TryGetValue<string>(out var raw))
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                return "{}";
            }
            return TryParse(raw, out var parsed) ? Pretty(parsed) : raw;
        }
        return arguments is null ? "{}" : Pretty(arguments);
    }

    public static string? GetString(this JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A scalar as text: strings as they are, numbers and booleans as JSON.</summary>
    public static string? GetScalarText(this JsonObject obj, string name) => obj[name] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    public static bool GetBool(this JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>Copies every property not in <paramref name="except"/> into <paramref name="target"/>.</summary>
    public static void CopyOtherFields(JsonObject source, JsonObject target, params string[] except)
    {
        foreach (var (key, value) in source)
        {
            if (!except.Contains(key) && !target.ContainsKey(key))
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    /// <summary>
    /// Replaces every value nested deeper than <paramref name="maxDepth"/> with its JSON text, so the
    /// data stays but whoever stores the object with default options can serialize it.
    /// </summary>
    public static void LimitDepth(JsonNode? node, int maxDepth)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (maxDepth <= 1 && obj[key] is JsonObject or JsonArray)
                    {
                        obj[key] = obj[key]!.ToJsonString(CompactOptions);
                    }
                    else
                    {
                        LimitDepth(obj[key], maxDepth - 1);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (maxDepth <= 1 && array[i] is JsonObject or JsonArray)
                    {
                        array[i] = array[i]!.ToJsonString(CompactOptions);
                    }
                    else
                    {
                        LimitDepth(array[i], maxDepth - 1);
                    }
                }
                break;
        }
    }

    public static string DescribeKeys(JsonObject obj)
    {
        var keys = obj.Select(p => p.Key).Take(12).ToList();
        return keys.Count == 0 ? "an empty object" : "keys " + string.Join(", ", keys);
    }
}
