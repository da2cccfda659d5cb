using System.Text.Json;
using System.Text.Json.Nodes;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Importing.Recipes;

/// <summary>
/// The JSON form of an <see cref="ImportRecipe"/>: reading it (every problem reported with the JSON path
/// where it is, e.g. "$.transcript.each", in the failure's message and in its "path" extension) and
/// writing it in its canonical form (fields in a fixed order, nothing empty). Reading also accepts
/// what System.Text.Json writes with web defaults, nulls included.
/// </summary>
public static class RecipeJson
{
    private static readonly string[] Fields =
        ["version", "records", "transcript", "system", "user", "messages", "reasoning", "response", "title", "model", "metadata"];

    private static readonly string[] TranscriptFields = ["each", "path", "keyAs"];

    private static readonly string[] MessageFields = ["path", "role", "content", "roles"];

    public static Outcome<ImportRecipe> Read(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            return Problem("$", $"is not JSON: {JsonSupport.Describe(ex)}");
        }
        return Read(node);
    }

    public static Outcome<ImportRecipe> Read(JsonNode? node)
    {
        try
        {
            var recipe = ReadRecipe(node);
            var compiled = CompiledRecipe.Compile(recipe);
            return compiled.Ok ? recipe : compiled.Failure!;
        }
        catch (RecipeProblem problem)
        {
            return Problem(problem.Path, problem.Message);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to read a string holding an unpaired surrogate ("\ud800") as text.
            return Problem("$", "holds a string that is not valid Unicode text (an unpaired surrogate)");
        }
    }

    /// <summary>Checks a recipe built in code, as <see cref="Read(JsonNode?)"/> checks one read from JSON.</summary>
    public static Outcome Validate(ImportRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var compiled = CompiledRecipe.Compile(recipe);
        return compiled.Ok ? Outcome.Success : compiled.Failure!;
    }

    public static JsonObject Write(ImportRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var json = new JsonObject { ["version"] = recipe.Version };
        AddIf(json, "records", recipe.Records);
        var transcript = new JsonObject { ["each"] = recipe.Transcript.Each };
        AddIf(transcript, "path", recipe.Transcript.Path);
        AddIf(transcript, "keyAs", recipe.Transcript.KeyAs);
        json["transcript"] = transcript;
        AddIf(json, "system", recipe.System);
        if (recipe.User.Count > 0)
        {
            json["user"] = new JsonArray([.. recipe.User.Select(u => (JsonNode)JsonValue.Create(u))]);
        }
        if (recipe.Messages is { } messages)
        {
            var m = new JsonObject { ["path"] = messages.Path, ["role"] = messages.Role, ["content"] = messages.Content };
            if (messages.Roles is { Count: > 0 } roles)
            {
                m["roles"] = Object(roles);
            }
            json["messages"] = m;
        }
        AddIf(json, "reasoning", recipe.Reasoning);
        AddIf(json, "response", recipe.Response);
        AddIf(json, "title", recipe.Title);
        AddIf(json, "model", recipe.Model);
        if (recipe.Metadata.Count > 0)
        {
            json["metadata"] = Object(recipe.Metadata);
        }
        return json;
    }

    /// <summary>"$.metadata.score", or "$.metadata[\"a b\"]" for a name that is not a plain word.</summary>
    internal static string PathOf(string parent, string name) =>
        name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c == '_')
            ? $"{parent}.{name}"
            : $"{parent}[{JsonSerializer.Serialize(name)}]";

    /// <summary>An invalid recipe (or request holding one): the message starts with the JSON path, which is also the <c>path</c> extension.</summary>
    public static Failure Problem(string path, string message) =>
        new(FailureKind.Invalid, $"{path}: {message}", new Dictionary<string, object?> { ["path"] = path });

    private static ImportRecipe ReadRecipe(JsonNode? node)
    {
        var root = node as JsonObject ?? throw new RecipeProblem("$", "a recipe is a JSON object");
        CheckFields(root, "$", Fields);
        var version = root["version"] switch
        {
            null => ImportRecipe.CurrentVersion,
            JsonValue v when v.TryGetValue<int>(out var n) => n,
            _ => throw new RecipeProblem("$.version", "must be a whole number"),
        };
        return new ImportRecipe
        {
            Version = version,
            Records = OptionalString(root, "records", "$"),
            Transcript = ReadTranscript(root["transcript"]),
            System = OptionalString(root, "system", "$"),
            User = ReadUser(root["user"]),
            Messages = ReadMessages(root["messages"]),
            Reasoning = OptionalString(root, "reasoning", "$"),
            Response = OptionalString(root, "response", "$"),
            Title = OptionalString(root, "title", "$"),
            Model = OptionalString(root, "model", "$"),
            Metadata = StringMap(root["metadata"], "$.metadata") ?? new Dictionary<string, string>(),
        };
    }

    private static TranscriptUnit ReadTranscript(JsonNode? node)
    {
        if (node is null)
        {
            return new TranscriptUnit(TranscriptUnit.EachRecord);
        }
        var obj = node as JsonObject ?? throw new RecipeProblem("$.transcript", "must be an object {each, path, keyAs}");
        CheckFields(obj, "$.transcript", TranscriptFields);
        var each = OptionalString(obj, "each", "$.transcript") ?? throw new RecipeProblem("$.transcript.each", "is required: record, element or entry");
        return new TranscriptUnit(each, OptionalString(obj, "path", "$.transcript"), OptionalString(obj, "keyAs", "$.transcript"));
    }

    private static List<string> ReadUser(JsonNode? node) => node switch
    {
        null => [],
        JsonValue v when v.TryGetValue<string>(out var one) => [one],
        JsonArray array => array.Select((item, i) => item is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new RecipeProblem($"$.user[{i}]", "must be a path (a string)")).ToList(),
        _ => throw new RecipeProblem("$.user", "must be a path or a list of paths"),
    };

    private static MessageListMapping? ReadMessages(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }
        var obj = node as JsonObject ?? throw new RecipeProblem("$.messages", "must be an object {path, role, content, roles}");
        CheckFields(obj, "$.messages", MessageFields);
        var path = OptionalString(obj, "path", "$.messages") ?? throw new RecipeProblem("$.messages.path", "is required");
        return new MessageListMapping(
            path,
            OptionalString(obj, "role", "$.messages") ?? "role",
            OptionalString(obj, "content", "$.messages") ?? "content",
            StringMap(obj["roles"], "$.messages.roles"));
    }

    private static Dictionary<string, string>? StringMap(JsonNode? node, string path)
    {
        if (node is null)
        {
            return null;
        }
        var obj = node as JsonObject ?? throw new RecipeProblem(path, "must be an object of names to strings");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in obj)
        {
            map[name] = value is JsonValue v && v.TryGetValue<string>(out var s)
                ? s
                : throw new RecipeProblem(PathOf(path, name), "must be a string");
        }
        return map;
    }

    private static string? OptionalString(JsonObject obj, string name, string parent) => obj[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw new RecipeProblem(PathOf(parent, name), "must be a string"),
    };

    private static void CheckFields(JsonObject obj, string path, string[] known)
    {
        foreach (var (name, _) in obj)
        {
            if (!known.Contains(name))
            {
                throw new RecipeProblem(PathOf(path, name), $"unknown field; the fields here are {string.Join(", ", known)}");
            }
        }
    }

    private static void AddIf(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }

    private static JsonObject Object(IReadOnlyDictionary<string, string> map) =>
        new(map.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));

    /// <summary>A problem found while reading, with where it is.</summary>
    internal sealed class RecipeProblem(string path, string message) : Exception(message)
    {
        public string Path { get; } = path;
    }
}
