using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Importing.Recipes;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Web.Importing;
using TranscriptReader.Web.Outcomes;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Api;

/// <summary>
/// Field mappings ("import recipes", docs/import-recipes.md) for files no format fits: suggest one from a
/// file, preview what one makes of a file, save and list named ones. Importing with one is
/// <c>POST /api/v1/transcripts?recipe=NAME</c> (or a <c>recipeDocument</c> field).
/// </summary>
public static class ImportRecipesApi
{
    /// <param name="Recipe">The suggested recipe document.</param>
    /// <param name="Preview">The first (up to three) transcripts it makes.</param>
    /// <param name="Structure">The file's fields: paths, JSON types, how many records have them, sample values.</param>
    public sealed record SuggestResponse(ImportRecipe Recipe, IReadOnlyList<PreviewTranscript> Preview, DocumentShape Structure);

    /// <param name="Preview">The first (up to three) transcripts the recipe makes of the file.</param>
    public sealed record PreviewResponse(IReadOnlyList<PreviewTranscript> Preview);

    /// <param name="Name">1 to 100 characters.</param>
    /// <param name="Recipe">The recipe document (see docs/import-recipes.md).</param>
    public sealed record SaveRecipeRequest(string Name, ImportRecipe Recipe);

    /// <param name="Name">Use it as <c>?recipe=NAME</c>.</param>
    /// <param name="Recipe">The recipe document, in its canonical form.</param>
    /// <param name="SavedBy">Who first saved it.</param>
    /// <param name="CreatedAt">When the name was first saved.</param>
    /// <param name="UpdatedAt">When its recipe was last replaced.</param>
    public sealed record RecipeResponse(string Name, ImportRecipe Recipe, string? SavedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public static void Map(RouteGroupBuilder api)
    {
        var maxUpload = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IOptions<ImportSettings>>().Value.MaxUploadBytes;
        var recipes = api.MapGroup("/import-recipes").RequireAuthorization();

        recipes.MapPost("/suggest", SuggestAsync)
            .RequireRateLimiting(RateLimitSetup.Writes)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxUpload))
            .WithFormOptions(multipartBodyLengthLimit: maxUpload)
            .WithName("SuggestImportRecipe")
            .WithSummary("Suggests a field mapping for one JSON or JSON Lines file (multipart field 'files'): the recipe, the first three "
                + "transcripts it makes, and the file's structure. 422 (with 'structure') when nothing in the file reads as a response; "
                + "400 when the file cannot be read.")
            .Produces<SuggestResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        recipes.MapPost("/preview", PreviewAsync)
            .RequireRateLimiting(RateLimitSetup.Writes)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxUpload))
            .WithFormOptions(multipartBodyLengthLimit: maxUpload)
            .WithName("PreviewImportRecipe")
            .WithSummary("The first three transcripts a recipe (form field 'recipe', JSON) makes of one file (field 'files'); nothing is stored. "
                + "400 with 'path' (e.g. $.transcript.each) when the recipe is invalid, or the reason when it does not fit the file.")
            .Produces<PreviewResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        recipes.MapGet("", async (RecipeLibrary library, CancellationToken ct) =>
                Results.Ok((await library.ListAsync(ct)).Select(ToResponse).ToList()))
            .WithName("ListImportRecipes")
            .WithSummary("The saved field mappings, by name.")
            .Produces<List<RecipeResponse>>();

        recipes.MapPost("", SaveAsync)
            .RequireRateLimiting(RateLimitSetup.Writes)
            .WithName("SaveImportRecipe")
            .WithSummary("Saves a recipe under a name {name, recipe}: 201 for a new name, 200 when the reader who saved it (or a moderator) "
                + "replaces it, 409 when the name is someone else's. 400 with 'path' (e.g. $.recipe.transcript.each) at the first problem.")
            .Accepts<SaveRecipeRequest>("application/json")
            .Produces<RecipeResponse>(StatusCodes.Status201Created)
            .Produces<RecipeResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> SuggestAsync(HttpContext http, IOptions<ImportSettings> settings, CancellationToken ct)
    {
        if (!(await OneFileAsync(http, ct)).TryGet(out var file, out var failure))
        {
            return failure.ToProblem();
        }
        return RecipeSuggester.SuggestOrExplain(file, settings.Value.ParserLimits).ToResult(s =>
            Results.Ok(new SuggestResponse(s.Recipe!, [.. s.Preview.Select(RecipePreview.From)], s.Shape)));
    }

    private static async Task<IResult> PreviewAsync(HttpContext http, IOptions<ImportSettings> settings, CancellationToken ct)
    {
        if (!(await OneFileAsync(http, ct)).TryGet(out var file, out var failure))
        {
            return failure.ToProblem();
        }
        var sent = http.Request.Form["recipe"].ToString();
        if (string.IsNullOrWhiteSpace(sent))
        {
            return RecipeJson.Problem("$", "is required: send the recipe as JSON in the form field 'recipe'").ToProblem();
        }
        if (!RecipeJson.Read(sent).TryGet(out var recipe, out var invalid))
        {
            return invalid.ToProblem();
        }
        if (!RecipeDocument.FromFile(file, settings.Value.ParserLimits).TryGet(out var document, out var unreadable))
        {
            return unreadable.ToProblem();
        }
        return RecipeApplier.Preview(recipe, document, file.FileName).ToResult(preview =>
            Results.Ok(new PreviewResponse([.. preview.Select(RecipePreview.From)])));
    }

    private static async Task<IResult> SaveAsync(HttpContext http, ClaimsPrincipal user, UserManager<AppUser> users, RecipeLibrary library, CancellationToken ct)
    {
        JsonObject body;
        string? name;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: ct) as JsonObject
                ?? throw new JsonException("the body is not a JSON object {name, recipe}");
            name = body["name"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return RecipeJson.Problem("$", "send a JSON object {name, recipe}: " + e.Message).ToProblem();
        }
        var moderator = user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin);
        var saved = await library.SaveAsync(users.GetUserId(user)!, moderator, name, body["recipe"], ct);
        return saved.ToResult(r => r.Created
            ? Results.Created($"/api/v1/import-recipes?name={Uri.EscapeDataString(r.Recipe.Name)}", ToResponse(r.Recipe))
            : Results.Ok(ToResponse(r.Recipe)));
    }

    /// <summary>The one file a suggestion or preview is about (multipart field 'files').</summary>
    private static async Task<Outcome<ImportFile>> OneFileAsync(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return Failure.Invalid("Send one JSON or JSON Lines file as multipart form data, in the field 'files'.");
        }
        if (!(await ImportForm.ReadFormAsync(http, ct)).TryGet(out var form, out var unreadable))
        {
            return unreadable;
        }
        var files = form.Files.GetFiles("files");
        if (files.Count != 1)
        {
            return Failure.Invalid($"Send exactly one file in the field 'files' (got {files.Count}): a field mapping is suggested for one file at a time.");
        }
        using var buffer = new MemoryStream();
        await files[0].CopyToAsync(buffer, ct);
        return new ImportFile(Path.GetFileName(files[0].FileName), buffer.ToArray());
    }

    private static RecipeResponse ToResponse(RecipeListing r) =>
        new(r.Name, RecipeJson.Read(r.Recipe).Value, r.SavedBy, r.CreatedAt, r.UpdatedAt);
}
