using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing.Recipes;

/// <summary>
/// A checked recipe with its paths parsed, ready to apply. Compiling is where a recipe's meaning is
/// checked (a known unit, paths that parse, "@" only where there is an element or entry, something
/// to read at all); every problem names the JSON path of the field that has it.
/// </summary>
internal sealed class CompiledRecipe
{
    private const int MaxPathLength = 1000;
    private const int MaxMetadataFields = 200;
    private const int MaxNameLength = 200;

    private static readonly HashSet<string> Units = [TranscriptUnit.EachRecord, TranscriptUnit.EachElement, TranscriptUnit.EachEntry];

    private static readonly HashSet<string> Roles = [.. MessageRoles.All];

    private CompiledRecipe(ImportRecipe recipe) => Recipe = recipe;

    public ImportRecipe Recipe { get; }

    public RecipePath? Records { get; private init; }

    public string Each => Recipe.Transcript.Each;

    public RecipePath? UnitPath { get; private init; }

    public RecipePath? System { get; private init; }

    public IReadOnlyList<RecipePath> User { get; private init; } = [];

    public CompiledMessages? Messages { get; private init; }

    public RecipePath? Reasoning { get; private init; }

    public RecipePath? Response { get; private init; }

    public RecipeText? Title { get; private init; }

    public RecipeText? Model { get; private init; }

    public IReadOnlyList<(string Name, RecipePath Path)> Metadata { get; private init; } = [];

    public static Outcome<CompiledRecipe> Compile(ImportRecipe recipe)
    {
        try
        {
            return Build(recipe);
        }
        catch (RecipeJson.RecipeProblem problem)
        {
            return RecipeJson.Problem(problem.Path, problem.Message);
        }
    }

    private static CompiledRecipe Build(ImportRecipe recipe)
    {
        if (recipe.Version != ImportRecipe.CurrentVersion)
        {
            throw new RecipeJson.RecipeProblem("$.version", $"must be {ImportRecipe.CurrentVersion}");
        }
        var unit = recipe.Transcript ?? throw new RecipeJson.RecipeProblem("$.transcript", "is required");
        if (!Units.Contains(unit.Each))
        {
            throw new RecipeJson.RecipeProblem("$.transcript.each", "must be record, element or entry");
        }
        var hasItem = unit.Each != TranscriptUnit.EachRecord;
        RecipePath? unitPath = null;
        if (hasItem)
        {
            unitPath = Path(unit.Path ?? throw new RecipeJson.RecipeProblem("$.transcript.path", $"is required when each is {unit.Each}"),
                "$.transcript.path", allowItem: false);
            if (unit.KeyAs is not null && (string.IsNullOrWhiteSpace(unit.KeyAs) || unit.KeyAs.Length > MaxNameLength))
            {
                throw new RecipeJson.RecipeProblem("$.transcript.keyAs", $"must be a name of 1 to {MaxNameLength} characters");
            }
        }
        else if (unit.Path is not null || unit.KeyAs is not null)
        {
            throw new RecipeJson.RecipeProblem(unit.Path is not null ? "$.transcript.path" : "$.transcript.keyAs",
                "is only for each element or entry");
        }

        if (recipe.Response is null && recipe.Messages is null && recipe.User.Count == 0 && recipe.Reasoning is null)
        {
            throw new RecipeJson.RecipeProblem("$", "a recipe needs at least one of response, messages or user");
        }
        if (recipe.Metadata.Count > MaxMetadataFields)
        {
            throw new RecipeJson.RecipeProblem("$.metadata", $"has more than {MaxMetadataFields} fields");
        }

        return new CompiledRecipe(recipe)
        {
            Records = recipe.Records is null ? null : Path(recipe.Records, "$.records", allowItem: false),
            UnitPath = unitPath,
            System = Optional(recipe.System, "$.system", hasItem),
            User = recipe.User.Select((u, i) => Path(u, $"$.user[{i}]", hasItem)).ToList(),
            Messages = recipe.Messages is null ? null : CompileMessages(recipe.Messages, hasItem),
            Reasoning = Optional(recipe.Reasoning, "$.reasoning", hasItem),
            Response = Optional(recipe.Response, "$.response", hasItem),
            Title = Text(recipe.Title, "$.title", hasItem),
            Model = Text(recipe.Model, "$.model", hasItem),
            Metadata = recipe.Metadata.Select(p =>
            {
                var at = RecipeJson.PathOf("$.metadata", p.Key);
                if (string.IsNullOrWhiteSpace(p.Key) || p.Key.Length > MaxNameLength)
                {
                    throw new RecipeJson.RecipeProblem(at, $"a metadata name has 1 to {MaxNameLength} characters");
                }
                return (p.Key, Path(p.Value, at, hasItem));
            }).ToList(),
        };
    }

    private static CompiledMessages CompileMessages(MessageListMapping messages, bool hasItem)
    {
        var roles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (value, role) in messages.Roles ?? new Dictionary<string, string>())
        {
            if (!Roles.Contains(role))
            {
                throw new RecipeJson.RecipeProblem(RecipeJson.PathOf("$.messages.roles", value), "must be user, assistant, system or tool");
            }
            roles[value] = role;
        }
        return new CompiledMessages(
            Path(messages.Path, "$.messages.path", hasItem),
            Path(messages.Role, "$.messages.role", allowItem: false),
            Path(messages.Content, "$.messages.content", allowItem: false),
            roles);
    }

    private static RecipePath? Optional(string? text, string at, bool hasItem) => text is null ? null : Path(text, at, hasItem);

    private static RecipePath Path(string text, string at, bool allowItem)
    {
        if (text.Length > MaxPathLength)
        {
            throw new RecipeJson.RecipeProblem(at, $"is longer than {MaxPathLength} characters");
        }
        if (!RecipePath.TryParse(text, out var path, out var error))
        {
            throw new RecipeJson.RecipeProblem(at, error);
        }
        if (path.NeedsItem && !allowItem)
        {
            throw new RecipeJson.RecipeProblem(at, "uses @, which refers to the element or entry of transcript.each element or entry; here there is none");
        }
        return path;
    }

    private static RecipeText? Text(string? text, string at, bool hasItem)
    {
        if (text is null)
        {
            return null;
        }
        if (text.Length > MaxPathLength)
        {
            throw new RecipeJson.RecipeProblem(at, $"is longer than {MaxPathLength} characters");
        }
        if (!RecipeText.TryParse(text, out var value, out var error))
        {
            throw new RecipeJson.RecipeProblem(at, error);
        }
        if (value.NeedsItem && !hasItem)
        {
            throw new RecipeJson.RecipeProblem(at, "uses @, which refers to the element or entry of transcript.each element or entry; here there is none");
        }
        return value;
    }
}

/// <param name="Path">The message array.</param>
/// <param name="Role">Read from each message.</param>
/// <param name="Content">Read from each message.</param>
/// <param name="Roles">Role value (any letter case) → role.</param>
internal sealed record CompiledMessages(RecipePath Path, RecipePath Role, RecipePath Content, IReadOnlyDictionary<string, string> Roles);
