using System.Text.Json.Nodes;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing.Recipes;

/// <summary>A document's structure and, when one was found, a recipe with the first transcripts it makes.</summary>
/// <param name="Shape">Keys, types and sample values, for the user to adjust the recipe against.</param>
/// <param name="Recipe">The suggested recipe, or null when nothing in the file reads as a response.</param>
/// <param name="Preview">The first (up to three) transcripts the recipe makes.</param>
/// <param name="Reason">Why there is no suggestion, when there is none.</param>
public sealed record RecipeSuggestion(DocumentShape Shape, ImportRecipe? Recipe, IReadOnlyList<ParsedTranscript> Preview, string? Reason);

/// <summary>
/// Suggests a recipe for a JSON or JSON Lines file from its structure and field names, looking at the
/// first 20 records. Candidates, best first: a message list in each record; each element or entry of a
/// collection (an array or an object of entries whose items hold responses: results keyed by
/// condition, responses[], outputs keyed by model, numeric keys); each record with a response field.
/// The same again with the records taken from an array inside the file ({"data": [...]}). Each
/// candidate is tried on the file and the first that yields a transcript with a response wins. See
/// <see cref="RecipeParts"/> for how the fields of a candidate are chosen.
/// </summary>
public static class RecipeSuggester
{
    private const string NoSuggestion =
        "no field reads as a model response (a string or content blocks under a name such as response, output, completion or answer, "
        + "a message list, or a collection of responses); map the fields by hand";

    public static Outcome<RecipeSuggestion> Suggest(ImportFile file, ImportLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var document = RecipeDocument.FromFile(file, limits);
        if (!document.TryGet(out var read, out var failure))
        {
            return failure;
        }
        try
        {
            return Suggest(read, file.FileName);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // As in TranscriptParser: a bug must reach the user as a message, not as a failed request.
            return Failure.Invalid($"{file.FileName}: could not be read ({ex.GetType().Name}): {ex.Message}");
        }
    }

    /// <summary>
    /// <see cref="Suggest(ImportFile, ImportLimits?)"/> for a front door: a file in which nothing reads as a
    /// response fails <see cref="FailureKind.Unprocessable"/> with the reason, and its structure in the
    /// <c>structure</c> extension, so the reader can still map the fields by hand.
    /// </summary>
    public static Outcome<RecipeSuggestion> SuggestOrExplain(ImportFile file, ImportLimits? limits = null)
    {
        if (!Suggest(file, limits).TryGet(out var suggestion, out var failure))
        {
            return failure;
        }
        return suggestion.Recipe is null
            ? new Failure(FailureKind.Unprocessable, $"{file.FileName}: {suggestion.Reason}", new Dictionary<string, object?> { ["structure"] = suggestion.Shape })
            : suggestion;
    }

    public static RecipeSuggestion Suggest(RecipeDocument document, string fileName)
    {
        ArgumentNullException.ThrowIfNull(document);
        var shape = DocumentShape.Describe(document);
        var baseName = TextCleanup.BaseName(fileName);
        foreach (var recipe in Candidates(document))
        {
            if (!CompiledRecipe.Compile(recipe).TryGet(out var compiled, out _))
            {
                continue;
            }
            try
            {
                var preview = RecipeApplier.Apply(compiled, document, baseName, 3);
                if (preview.Any(HasResponse))
                {
                    return new RecipeSuggestion(shape, recipe, preview, null);
                }
            }
            catch (ImportException)
            {
                // This candidate does not fit the whole file; the next one may.
            }
        }
        return new RecipeSuggestion(shape, null, [], NoSuggestion);
    }

    private static bool HasResponse(ParsedTranscript transcript) =>
        transcript.Messages.Any(m => m.Role == MessageRoles.Assistant && m.Blocks.Any(b => b.Kind != BlockKinds.EmptyResponse));

    private static IEnumerable<ImportRecipe> Candidates(RecipeDocument document)
    {
        var records = document.Items.Take(DocumentShape.SampleSize).Select(i => i.Value).OfType<JsonObject>().ToList<JsonNode>();
        if (records.Count == 0)
        {
            yield break;
        }
        var scan = FieldScan.Scan(records);
        foreach (var recipe in RecipeParts.For(records, scan, null))
        {
            yield return recipe;
        }
        var nested = scan.Values.Where(f => f.IsObjectList && f.Depth <= 1).OrderByDescending(f => f.Present);
        foreach (var field in nested)
        {
            var inner = FieldScan.Items(field).OfType<JsonObject>().Take(DocumentShape.SampleSize).ToList<JsonNode>();
            foreach (var recipe in RecipeParts.For(inner, FieldScan.Scan(inner), field.Path))
            {
                yield return recipe;
            }
        }
    }
}
