namespace TranscriptReader.Core.Importing.Recipes;

/// <summary>
/// A recipe saved under a name (table import_recipes), reusable from the import page and the API
/// (<c>?recipe=NAME</c>). <see cref="RecipeJson"/> is the canonical JSON of a recipe that passed
/// <see cref="Recipes.RecipeJson.Read(string)"/>.
/// </summary>
public sealed class SavedRecipe
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The recipe document (jsonb), as <see cref="Recipes.RecipeJson.Write"/> writes it.</summary>
    public required string RecipeJson { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
