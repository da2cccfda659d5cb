using System.Text.Json.Nodes;

namespace TranscriptReader.Core.Importing.Recipes;

/// <summary>What a field holds across the sampled records (or items): types, lengths, samples.</summary>
internal sealed class FieldInfo(string path, string name, string? parentName, int depth)
{
    /// <summary>A recipe path relative to the scanned roots (without a leading "@").</summary>
    public string Path { get; } = path;

    public string Name { get; } = name;

    public string? ParentName { get; } = parentName;

    public int Depth { get; } = depth;

    public int Present { get; set; }

    public int Strings { get; set; }

    public int Numbers { get; set; }

    public int Booleans { get; set; }

    public int Nulls { get; set; }

    public int Objects { get; set; }

    public int Arrays { get; set; }

    public long StringLength { get; set; }

    public bool HasReasoningTags { get; set; }

    /// <summary>Arrays seen here whose elements are all strings / typed content parts / role+content messages.</summary>
    public int StringArrays { get; set; }

    public int PartArrays { get; set; }

    public int MessageArrays { get; set; }

    public int ObjectArrays { get; set; }

    public bool PartsHaveReasoning { get; set; }

    public (string Role, string Content)? MessageFields { get; set; }

    /// <summary>Role values of message lists here, in order of first appearance.</summary>
    public List<string> RoleValues { get; } = [];

    /// <summary>Key sets of the objects seen here (sorted, joined), to tell a map of entries from a struct.</summary>
    public List<string[]> KeySets { get; } = [];

    public List<JsonNode> Values { get; } = [];

    public List<string> Samples { get; } = [];

    public bool IsMap { get; set; }

    public double AverageStringLength => Strings == 0 ? 0 : (double)StringLength / Strings;

    public bool MostlyStrings => Strings > 0 && Strings >= (Present - Nulls) * 0.8;

    public bool IsMessageList => MessageArrays > 0 && MessageArrays >= Arrays * 0.8;

    public bool IsPartList => PartArrays > 0 && PartArrays >= Arrays * 0.8;

    public bool IsStringList => StringArrays > 0 && StringArrays >= Arrays * 0.8;

    public bool IsObjectList => ObjectArrays > 0 && ObjectArrays >= Arrays * 0.8 && !IsMessageList && !IsPartList;

    public HashSet<string> MapKeys => [.. KeySets.SelectMany(k => k)];

    public bool IsScalar => Strings + Numbers + Booleans > 0 && Objects == 0 && Arrays == 0;
}

/// <summary>
/// Walks sampled JSON roots (records, or the items of a unit) through nested objects, up to a depth,
/// and describes every field path it meets. Objects whose keys are data (numeric keys, keys that
/// change from record to record, or the same keys as a sibling object: results and scores keyed by
/// condition) are marked as maps and not walked into: their entries are items, scanned separately.
/// </summary>
internal static class FieldScan
{
    private const int MaxDepth = 4;
    private const int MaxFields = 400;
    private const int MaxKeysWalked = 60;
    private const int MaxValuesKept = 40;

    private static readonly string[] RoleKeys = ["role", "from", "speaker", "author", "sender", "participant"];

    private static readonly string[] ContentKeys = ["content", "value", "text", "message", "utterance", "body", "parts"];

    private static readonly HashSet<string> SchemaWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "text", "content", "role", "type", "value", "name", "prompt", "response", "input", "output", "message", "model",
    };

    public static Dictionary<string, FieldInfo> Scan(IReadOnlyList<JsonNode> roots)
    {
        var fields = new Dictionary<string, FieldInfo>(StringComparer.Ordinal);
        foreach (var root in roots.OfType<JsonObject>())
        {
            Walk(root, null, null, 0, fields);
        }
        MarkMaps(fields);
        // Fields inside a map are its items' fields, not the record's.
        foreach (var map in fields.Values.Where(f => f.IsMap).ToList())
        {
            foreach (var inner in fields.Keys.Where(k => IsInside(k, map.Path)).ToList())
            {
                fields.Remove(inner);
            }
        }
        return fields;
    }

    /// <summary>The elements of the arrays (or the values of the maps) at a field, across the sample.</summary>
    public static List<JsonNode> Items(FieldInfo field) =>
        field.Values.SelectMany(v => v switch
        {
            JsonArray array => array.OfType<JsonNode>(),
            JsonObject map => map.Select(p => p.Value).OfType<JsonNode>(),
            _ => [],
        }).Take(200).ToList();

    public static bool IsInside(string path, string parent) =>
        path.Length > parent.Length && path.StartsWith(parent, StringComparison.Ordinal) && path[parent.Length] is '.' or '[';

    private static void Walk(JsonObject obj, string? prefix, string? parentName, int depth, Dictionary<string, FieldInfo> fields)
    {
        foreach (var (key, value) in obj.Take(MaxKeysWalked))
        {
            var path = prefix is null ? RecipeJson.PathOf("", key).TrimStart('.') : RecipeJson.PathOf(prefix, key);
            if (!fields.TryGetValue(path, out var field))
            {
                if (fields.Count >= MaxFields)
                {
                    continue;
                }
                field = fields[path] = new FieldInfo(path, key, parentName, depth);
            }
            Record(field, value);
            if (value is JsonObject child && depth + 1 < MaxDepth)
            {
                Walk(child, path, key, depth + 1, fields);
            }
        }
    }

    private static void Record(FieldInfo field, JsonNode? value)
    {
        field.Present++;
        if (field.Values.Count < MaxValuesKept && value is not null)
        {
            field.Values.Add(value);
        }
        switch (value)
        {
            case null:
                field.Nulls++;
                break;
            case JsonValue v when v.TryGetValue<string>(out var text):
                field.Strings++;
                field.StringLength += text.Length;
                field.HasReasoningTags |= ThinkTags.Split(text)?.Any(b => b.Kind == Transcripts.BlockKinds.Reasoning) == true;
                AddSample(field, text);
                break;
            case JsonValue v when v.TryGetValue<bool>(out var flag):
                field.Booleans++;
                AddSample(field, flag ? "true" : "false");
                break;
            case JsonValue v:
                field.Numbers++;
                AddSample(field, v.ToJsonString());
                break;
            case JsonObject obj:
                field.Objects++;
                field.KeySets.Add([.. obj.Select(p => p.Key).Order(StringComparer.Ordinal)]);
                break;
            case JsonArray array:
                field.Arrays++;
                RecordArray(field, array);
                break;
        }
    }

    private static void RecordArray(FieldInfo field, JsonArray array)
    {
        if (array.Count == 0)
        {
            return;
        }
        if (array.All(a => a is JsonValue v && v.TryGetValue<string>(out _)))
        {
            field.StringArrays++;
            foreach (var s in array.Take(2))
            {
                AddSample(field, s!.GetValue<string>());
            }
            return;
        }
        if (array.All(a => a is JsonValue))
        {
            foreach (var value in array.Take(2))
            {
                AddSample(field, value!.ToJsonString());
            }
            return;
        }
        var objects = array.OfType<JsonObject>().ToList();
        if (objects.Count != array.Count)
        {
            return;
        }
        var roleKey = RoleKeys.FirstOrDefault(k => objects.All(o => o[k] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length <= 40));
        var contentKey = ContentKeys.FirstOrDefault(k => objects.All(o => o.ContainsKey(k)));
        if (roleKey is not null && contentKey is not null)
        {
            field.MessageArrays++;
            field.MessageFields ??= (roleKey, contentKey);
            foreach (var role in objects.Select(o => o.GetString(roleKey)!).Where(r => !field.RoleValues.Contains(r)))
            {
                field.RoleValues.Add(role);
            }
        }
        else if (objects.All(o => o.GetString("type") is not null && o.Count <= 8))
        {
            field.PartArrays++;
            field.PartsHaveReasoning |= objects.Any(o => o.GetString("type") is "thinking" or "reasoning" or "redacted_thinking");
        }
        else
        {
            field.ObjectArrays++;
        }
    }

    private static void AddSample(FieldInfo field, string text)
    {
        if (field.Samples.Count < 3 && !field.Samples.Contains(text))
        {
            var line = text.ReplaceLineEndings(" ");
            field.Samples.Add(line.Length <= 80 ? line : string.Concat(line.AsSpan(0, 79), "…"));
        }
    }

    private static void MarkMaps(Dictionary<string, FieldInfo> fields)
    {
        var objects = fields.Values.Where(f => f.Objects > 0 && f.Objects >= (f.Present - f.Nulls) * 0.8).ToList();
        foreach (var field in objects)
        {
            var keys = field.KeySets.SelectMany(k => k).ToList();
            var union = keys.Distinct().Count();
            var numeric = keys.Count > 0 && keys.All(k => k.All(char.IsDigit));
            var average = field.KeySets.Count == 0 ? 0 : keys.Count / (double)field.KeySets.Count;
            // Keys that change from record to record are data, not a schema.
            var varying = field.KeySets.Count >= 2 && union >= 3 && union > average * 1.5;
            field.IsMap = numeric || varying || (field.Values.Count > 0 && field.Values.All(v => v is JsonObject o && EntriesAlike(field.Name, o)));
        }
        // Objects keyed alike under one parent (results and scores by condition) are maps of entries,
        // unless their keys are field names ({input: {text, lang}, output: {text, lang}}).
        foreach (var group in objects.GroupBy(f => ParentOf(f.Path)))
        {
            var byKeys = group.Where(f => f.KeySets.Count > 0 && f.KeySets[0].Length >= 2 && !f.KeySets[0].Any(SchemaWords.Contains))
                .GroupBy(f => string.Join("\u0001", f.KeySets[0]));
            foreach (var alike in byKeys.Where(g => g.Count() >= 2))
            {
                foreach (var field in alike)
                {
                    field.IsMap = true;
                }
            }
        }
    }

    /// <summary>
    /// Two or more entries under data-like keys whose values are objects of one shape ({"gpt-4o": {text},
    /// "claude": {text}}), or strings under a name that says they are responses ({"results": {a: "…"}}).
    /// </summary>
    private static bool EntriesAlike(string name, JsonObject obj)
    {
        if (obj.Count < 2 || obj.Any(p => SchemaWords.Contains(p.Key)))
        {
            return false;
        }
        if (obj.All(p => p.Value is JsonObject))
        {
            var shapes = obj.Select(p => string.Join("\u0001", ((JsonObject)p.Value!).Select(c => c.Key).Order(StringComparer.Ordinal))).Distinct().Count();
            return shapes == 1;
        }
        return obj.All(p => p.Value is JsonValue v && v.TryGetValue<string>(out _))
            && (FieldNames.Matches(name, FieldNames.Collection) || FieldNames.Matches(name, FieldNames.Response));
    }

    private static string ParentOf(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}
