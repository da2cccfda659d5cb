using System.Text.Json.Nodes;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Importing.Recipes;

/// <summary>
/// A JSON or JSON Lines file read for a recipe: its top-level records are the lines of JSON Lines,
/// the elements of a JSON array, or a JSON object on its own. A recipe's <c>records</c> path then picks
/// an array inside each of them.
/// </summary>
public sealed class RecipeDocument
{
    private RecipeDocument(List<(string? Locator, JsonNode? Value)> items, bool isJsonLines)
    {
        Items = items;
        IsJsonLines = isJsonLines;
    }

    public bool IsJsonLines { get; }

    /// <summary>Top-level records with where they are ("line 3", "[2]", or null for a lone object).</summary>
    internal IReadOnlyList<(string? Locator, JsonNode? Value)> Items { get; }

    /// <summary>Reads one uploaded file; a ZIP, a binary file or malformed JSON is refused with a message naming the file.</summary>
    public static Outcome<RecipeDocument> FromFile(ImportFile file, ImportLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var name = string.IsNullOrWhiteSpace(file.FileName) ? "(unnamed file)" : file.FileName;
        var bytes = file.Bytes ?? [];
        var max = (limits ?? new ImportLimits()).MaxFileBytes;
        if (bytes.LongLength > max)
        {
            return Failure.Invalid($"{name}: is {bytes.LongLength:N0} bytes, over the limit of {max:N0} bytes per file");
        }
        if (bytes.Length >= 2 && bytes[0] == 'P' && bytes[1] == 'K')
        {
            return Failure.Invalid($"{name}: is a ZIP archive; a field mapping is suggested for one JSON or JSON Lines file");
        }
        if (bytes.Length == 0)
        {
            return Failure.Invalid($"{name}: is empty");
        }
        try
        {
            return FromText(TextDecoding.Decode(bytes), name);
        }
        catch (ImportException ex)
        {
            return Failure.Invalid($"{name}: {ex.Message}");
        }
    }

    /// <summary>Parses text as JSON, or as JSON Lines for a .jsonl/.ndjson name or when it reads as lines.</summary>
    internal static RecipeDocument FromText(string text, string fileName, CancellationToken ct = default)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension is ".jsonl" or ".ndjson" || (!JsonSupport.TryParse(text, out _) && JsonLinesReader.Looks(text)))
        {
            return new RecipeDocument(JsonLinesReader.ParseLines(text, ct).Select(l => ((string?)l.Locator, (JsonNode?)l.Value)).ToList(), true);
        }
        return JsonSupport.Parse(text) switch
        {
            JsonArray { Count: 0 } => throw new ImportException("is an empty JSON array"),
            JsonArray array => new RecipeDocument(array.Select((v, i) => ((string?)$"[{i}]", v)).ToList(), false),
            JsonObject obj => new RecipeDocument([(null, obj)], false),
            _ => throw new ImportException("is a single JSON value, not records"),
        };
    }

    /// <summary>The records a recipe reads: the top-level ones, or the objects of the array at <paramref name="path"/> inside each.</summary>
    internal IEnumerable<(string? Locator, JsonObject Record)> Records(RecipePath? path)
    {
        foreach (var (locator, value) in Items)
        {
            if (path is null)
            {
                yield return (locator, value as JsonObject ?? throw new ImportException($"{locator ?? "the file"}: is not a JSON object"));
                continue;
            }
            if (value is null || !path.TryResolve(new RecipeScope(value), out var found) || found is null)
            {
                continue;
            }
            var records = found as JsonArray
                ?? throw new ImportException($"{locator ?? "the file"}: records path '{path}' is {RecipeApplier.KindOf(found)}, not an array");
            for (var i = 0; i < records.Count; i++)
            {
                var at = Join(locator, $"{path}[{i}]");
                yield return (at, records[i] as JsonObject ?? throw new ImportException($"{at}: is not a JSON object"));
            }
        }
    }

    internal static string Join(string? outer, string inner) => outer is null ? inner : $"{outer} {inner}";
}
