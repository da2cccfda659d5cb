using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Importing.Recipes;

/// <summary>A saved recipe as listed: its name, its document and who saved it.</summary>
/// <param name="Name">Unique name, used as <c>?recipe=NAME</c>.</param>
/// <param name="Recipe">The canonical recipe document.</param>
/// <param name="SavedBy">The display name of the reader who first saved it (null once that account is gone).</param>
/// <param name="CreatedAt">When the name was first saved.</param>
/// <param name="UpdatedAt">When the recipe was last replaced.</param>
public sealed record RecipeListing(string Name, JsonObject Recipe, string? SavedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A saved recipe after <see cref="RecipeLibrary.SaveAsync"/>; <paramref name="Created"/> when the name is new.</summary>
/// <param name="Recipe">The recipe as stored.</param>
/// <param name="Created">False when an existing recipe of that name was replaced.</param>
public sealed record SavedRecipeResult(RecipeListing Recipe, bool Created);

/// <summary>
/// Named recipes, reusable from the import page and the API. Saving checks the document with
/// <see cref="RecipeJson.Read(JsonNode?)"/> (an invalid one fails <see cref="FailureKind.Invalid"/> with
/// the path of its first problem) and stores its canonical form. A name is replaced by the reader who
/// saved it or by a moderator; anyone else gets <see cref="FailureKind.Conflict"/> and picks another name.
/// </summary>
public sealed class RecipeLibrary(AppDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<RecipeListing>> ListAsync(CancellationToken ct = default)
    {
        var rows = await Listed(db.ImportRecipes).ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Name, StringComparer.Ordinal).Select(ToListing)];
    }

    /// <summary>The recipe saved under <paramref name="name"/>; a name nobody saved is a mistake in the request (invalid).</summary>
    public async Task<Outcome<ImportRecipe>> FindAsync(string name, CancellationToken ct = default)
    {
        var trimmed = name.Trim();
        var json = await db.ImportRecipes.Where(r => r.Name == trimmed).Select(r => r.RecipeJson).SingleOrDefaultAsync(ct);
        if (json is null)
        {
            return Failure.Invalid($"There is no saved field mapping named '{trimmed}'.");
        }
        // Stored recipes passed the same check when saved; reading them again keeps one reader of the format.
        return RecipeJson.Read(json);
    }

    /// <summary>Saves <paramref name="recipe"/> under <paramref name="name"/>, creating the name or replacing its recipe.</summary>
    /// <param name="userId">The reader saving it.</param>
    /// <param name="isModerator">Moderators may replace anyone's recipe.</param>
    /// <param name="name">1 to 100 characters, no control characters; surrounding spaces are dropped.</param>
    /// <param name="recipe">The recipe document as sent.</param>
    /// <param name="ct">Cancels the database work.</param>
    public async Task<Outcome<SavedRecipeResult>> SaveAsync(string userId, bool isModerator, string? name, JsonNode? recipe, CancellationToken ct = default)
    {
        var trimmed = name?.Trim() ?? "";
        if (ValidateName(trimmed) is { } nameError)
        {
            return RecipeJson.Problem("$.name", nameError);
        }
        if (recipe is null)
        {
            return RecipeJson.Problem("$.recipe", "is required: the recipe document");
        }
        if (!RecipeJson.Read(recipe).TryGet(out var read, out var invalid))
        {
            return Nested(invalid);
        }
        var json = RecipeJson.Write(read).ToJsonString();
        if (json.Contains("\\u0000", StringComparison.Ordinal))
        {
            // PostgreSQL's jsonb refuses the NUL character, and no field name or path needs it.
            return RecipeJson.Problem("$.recipe", "cannot contain the NUL character (\\u0000)");
        }
        var now = clock.GetUtcNow();
        var existing = await db.ImportRecipes.SingleOrDefaultAsync(r => r.Name == trimmed, ct);
        if (existing is not null)
        {
            if (existing.CreatedById != userId && !isModerator)
            {
                return Failure.Conflict($"A field mapping named '{trimmed}' was saved by another reader; save yours under another name.");
            }
            existing.RecipeJson = json;
            existing.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            return new SavedRecipeResult(await ListingAsync(existing.Id, ct), Created: false);
        }
        var saved = new SavedRecipe { Name = trimmed, RecipeJson = json, CreatedById = userId, CreatedAt = now, UpdatedAt = now };
        db.ImportRecipes.Add(saved);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return Failure.Conflict($"A field mapping named '{trimmed}' was saved a moment ago by someone else; save yours under another name.");
        }
        return new SavedRecipeResult(await ListingAsync(saved.Id, ct), Created: true);
    }

    public static string? ValidateName(string name) =>
        name.Length == 0 ? "is required: a name for the field mapping"
        : name.Length > SavedRecipe.MaxNameLength ? $"can have at most {SavedRecipe.MaxNameLength} characters"
        : name.Any(char.IsControl) || !IsWellFormed(name) ? "cannot contain control characters or unpaired surrogates"
        : null;

    private static bool IsWellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A problem inside the recipe is reported under $.recipe, where it is in the request body.</summary>
    private static Failure Nested(Failure failure)
    {
        if (failure.Extensions?.GetValueOrDefault("path") is not string path)
        {
            return failure;
        }
        var prefix = path + ": ";
        var message = failure.Message.StartsWith(prefix, StringComparison.Ordinal) ? failure.Message[prefix.Length..] : failure.Message;
        return RecipeJson.Problem("$.recipe" + path[1..], message);
    }

    private async Task<RecipeListing> ListingAsync(int id, CancellationToken ct) =>
        ToListing(await Listed(db.ImportRecipes.Where(r => r.Id == id)).SingleAsync(ct));

    private IQueryable<Row> Listed(IQueryable<SavedRecipe> recipes) =>
        from r in recipes.AsNoTracking()
        join u in db.Users on r.CreatedById equals u.Id into users
        from u in users.DefaultIfEmpty()
        select new Row(r.Name, r.RecipeJson, u == null ? null : u.UserName, r.CreatedAt, r.UpdatedAt);

    /// <summary>jsonb keeps keys in an order of its own; the listing gives the canonical one back.</summary>
    private static RecipeListing ToListing(Row row) =>
        new(row.Name, RecipeJson.Write(RecipeJson.Read(row.RecipeJson).Value), row.SavedBy, row.CreatedAt, row.UpdatedAt);

    private sealed record Row(string Name, string RecipeJson, string? SavedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
}
