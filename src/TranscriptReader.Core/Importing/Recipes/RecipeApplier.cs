using System.Text.Json.Nodes;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing.Recipes;

/// <summary>
/// Applies a recipe to a document. Every transcript goes through the same assembler as the named
/// formats (inline think tags in a response become reasoning; an empty response stays visible as one).
/// A file is all or nothing: a field of the wrong type fails it naming the record; a path that matches
/// nothing in a record is simply absent there, but a unit or response path that matches nothing in the
/// whole file fails it, since the recipe then does not fit the file.
/// </summary>
public static class RecipeApplier
{
    /// <summary>The first transcripts a recipe makes of a document, for a live preview; never throws for bad input.</summary>
    public static Outcome<IReadOnlyList<ParsedTranscript>> Preview(ImportRecipe recipe, RecipeDocument document, string fileName, int count = 3)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(document);
        var compiled = CompiledRecipe.Compile(recipe);
        if (!compiled.TryGet(out var ready, out var failure))
        {
            return failure;
        }
        try
        {
            return Apply(ready, document, TextCleanup.BaseName(fileName), count);
        }
        catch (ImportException ex)
        {
            return Failure.Invalid($"{fileName}: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // As in TranscriptParser: a bug must reach the user as a message, not as a failed request.
            return Failure.Invalid($"{fileName}: could not be read ({ex.GetType().Name}): {ex.Message}");
        }
    }

    internal static List<ParsedTranscript> Apply(CompiledRecipe recipe, RecipeDocument document, string baseName, int? limit = null, CancellationToken ct = default)
    {
        var transcripts = new List<ParsedTranscript>();
        var responseFound = false;
        foreach (var (recordLocator, record) in document.Records(recipe.Records))
        {
            foreach (var (scope, locator) in Units(recipe, record, recordLocator))
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    transcripts.Add(Build(recipe, scope, locator, baseName, ref responseFound));
                }
                catch (ImportException ex)
                {
                    throw ex.Within(locator ?? "the record");
                }
                if (transcripts.Count == limit)
                {
                    return transcripts;
                }
            }
        }
        if (transcripts.Count == 0)
        {
            throw new ImportException(recipe.UnitPath is { } unit
                ? $"transcript.path '{unit}' matched no {(recipe.Each == TranscriptUnit.EachEntry ? "object" : "array")} in any record"
                : "has no records");
        }
        if (recipe.Response is { } response && !responseFound)
        {
            throw new ImportException($"response path '{response}' matched nothing in any transcript");
        }
        return transcripts;
    }

    private static IEnumerable<(RecipeScope Scope, string? Locator)> Units(CompiledRecipe recipe, JsonObject record, string? locator)
    {
        if (recipe.UnitPath is not { } path)
        {
            yield return (new RecipeScope(record), locator);
            yield break;
        }
        if (!path.TryResolve(new RecipeScope(record), out var container) || container is null)
        {
            yield break;
        }
        switch (container)
        {
            case JsonArray array when recipe.Each == TranscriptUnit.EachElement:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (new RecipeScope(record, array[i], Index: i), RecipeDocument.Join(locator, $"{path}[{i}]"));
                }
                break;
            case JsonObject obj when recipe.Each == TranscriptUnit.EachEntry:
                foreach (var (key, value) in obj)
                {
                    yield return (new RecipeScope(record, value, Key: key), RecipeDocument.Join(locator, RecipeJson.PathOf(path.Text, key)));
                }
                break;
            default:
                throw new ImportException($"{locator ?? "the record"}: transcript.path '{path}' is {KindOf(container)}, not "
                    + (recipe.Each == TranscriptUnit.EachEntry ? "an object" : "an array"));
        }
    }

    private static ParsedTranscript Build(CompiledRecipe recipe, RecipeScope scope, string? locator, string baseName, ref bool responseFound)
    {
        var into = new TranscriptAssembler();
        if (Value(recipe.System, scope) is { } system)
        {
            into.Add(MessageRoles.System, null, Blocks(system));
        }
        if (recipe.Messages is { } messages)
        {
            ReadMessages(messages, scope, into);
        }
        foreach (var user in recipe.User)
        {
            switch (Value(user, scope))
            {
                case null:
                    break;
                case JsonArray turns when turns.All(t => t is JsonValue v && v.TryGetValue<string>(out _)):
                    foreach (var turn in turns)
                    {
                        into.Add(MessageRoles.User, null, Blocks(turn!));
                    }
                    break;
                case var node:
                    into.Add(MessageRoles.User, null, Blocks(node));
                    break;
            }
        }
        if (recipe.Reasoning is not null || recipe.Response is not null)
        {
            var blocks = new List<ParsedBlock>();
            if (Value(recipe.Reasoning, scope) is { } reasoning)
            {
                blocks.AddRange(Blocks(reasoning).Select(b => b.Kind == BlockKinds.Text ? b with { Kind = BlockKinds.Reasoning } : b));
            }
            if (recipe.Response is { } response && response.TryResolve(scope, out var answer))
            {
                responseFound = true;
                blocks.AddRange(answer is null ? [] : Blocks(answer));
            }
            into.Add(MessageRoles.Assistant, null, blocks);
        }

        var keyAs = recipe.Recipe.Transcript.KeyAs;
        if (keyAs is not null && (scope.Key is not null || scope.Index is not null))
        {
            into.Metadata[keyAs] = scope.Key is { } key ? JsonValue.Create(key) : JsonValue.Create(scope.Index!.Value);
        }
        foreach (var (name, path) in recipe.Metadata)
        {
            if (path.TryResolve(scope, out var value))
            {
                into.Metadata[name] = value?.DeepClone();
            }
        }

        var fallback = locator is null ? baseName : $"{baseName} — {locator}";
        var title = recipe.Title?.Render(scope) ?? DefaultTitle(into, scope, keyAs);
        return into.Build(title ?? fallback, fallback, TranscriptFormats.Recipe, recipe.Model?.Render(scope), locator);
    }

    private static void ReadMessages(CompiledMessages messages, RecipeScope scope, TranscriptAssembler into)
    {
        if (Value(messages.Path, scope) is not { } found)
        {
            return;
        }
        var list = found as JsonArray
            ?? throw new ImportException($"messages.path '{messages.Path}' is {KindOf(found)}, not an array");
        for (var i = 0; i < list.Count; i++)
        {
            var message = list[i] as JsonObject ?? throw new ImportException($"message {i + 1} of '{messages.Path}' is not a JSON object");
            var raw = Value(messages.Role, new RecipeScope(message)) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (string.IsNullOrWhiteSpace(raw))
            {
                throw new ImportException($"message {i + 1} of '{messages.Path}' has no role at '{messages.Role}'");
            }
            var (role, speaker) = messages.Roles.TryGetValue(raw, out var mapped)
                ? (mapped, mapped.Equals(raw, StringComparison.OrdinalIgnoreCase) ? null : raw)
                : ChatMessages.MapRole(raw);
            var content = Value(messages.Content, new RecipeScope(message));
            into.Add(role, speaker, content is null ? [] : Blocks(content));
        }
    }

    /// <summary>
    /// A field's value as blocks: text as it is; a list of strings as one block each; content blocks
    /// (typed parts of any provider) as they read; a message object ({role, content}) by its content,
    /// after any reasoning it carries; anything else as indented JSON, so nothing is silently dropped.
    /// </summary>
    private static List<ParsedBlock> Blocks(JsonNode node)
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var text):
                return [new ParsedBlock(BlockKinds.Text, text)];
            case JsonValue value:
                return [new ParsedBlock(BlockKinds.Text, value.ToJsonString())];
            case JsonArray array when array.All(a => a is JsonValue v && v.TryGetValue<string>(out _)):
                return array.Select(a => new ParsedBlock(BlockKinds.Text, a!.GetValue<string>())).ToList();
            case JsonArray array when array.All(a => a is JsonObject o && o.GetString("type") is not null):
                return ContentParts.Read(array);
            case JsonObject obj when obj.GetString("type") is not null:
                return ContentParts.Read(obj);
            case JsonObject obj when obj.ContainsKey("content"):
                var blocks = new List<ParsedBlock>();
                if ((obj.GetString("reasoning_content") ?? obj.GetString("reasoning")) is { } reasoning)
                {
                    blocks.Add(new ParsedBlock(BlockKinds.Reasoning, reasoning));
                }
                blocks.AddRange(obj["content"] is { } content ? Blocks(content) : []);
                return blocks;
            default:
                return [new ParsedBlock(BlockKinds.Text, JsonSupport.Pretty(node))];
        }
    }

    private static JsonNode? Value(RecipePath? path, RecipeScope scope) =>
        path is not null && path.TryResolve(scope, out var value) ? value : null;

    /// <summary>The first line of the first user turn, with the entry key or element index after it.</summary>
    private static string? DefaultTitle(TranscriptAssembler into, RecipeScope scope, string? keyAs)
    {
        var first = TextCleanup.TitleFrom(into.Messages.FirstOrDefault(m => m.Role == MessageRoles.User)?.Blocks[0].Text);
        if (first is null || scope.KeyText is not { } key)
        {
            return first;
        }
        return keyAs is null ? $"{first} — {key}" : $"{first} — {keyAs}: {key}";
    }

    internal static string KindOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v when v.TryGetValue<string>(out _) => "a string",
        JsonValue v when v.TryGetValue<bool>(out _) => "a boolean",
        _ => "a number",
    };
}
