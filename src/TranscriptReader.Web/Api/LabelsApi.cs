using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.WebUtilities;
using TranscriptReader.Core.Labels;
using TranscriptReader.Web.Outcomes;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Api;

/// <summary>The label codebook and merges: everyone reads; moderators create, merge and undo.</summary>
public static class LabelsApi
{
    public sealed record LabelResponse(
        int Id, string Name, string Color, string Description, string? ShortcutKey, IReadOnlyList<string> Aliases,
        int Taggings, int Transcripts, int Readers);

    public sealed record CreateLabelRequest(string? Name, string? Color, string? Description);

    public sealed record MergeRequest(int[]? SourceIds, int TargetId);

    public sealed record MergeResponse(long MergeId, int Moved, int Collapsed);

    public sealed record UndoResponse(long MergeId, int MovedBack, int Restored);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/labels", async (LabelSummaries summaries, HttpContext http, string? q, int? after, int? limit, CancellationToken ct) =>
            {
                var outcome = await summaries.PageAsync(q, LabelSort.Name, after, limit ?? LabelSummaries.MaxPageSize, ct);
                return outcome.ToResult(page =>
                {
                    if (page.NextAfter is { } next)
                    {
                        http.Response.Headers.Link = $"<{NextPage(q, next, limit)}>; rel=\"next\"";
                    }
                    return Results.Ok(page.Labels.Select(ToResponse).ToList());
                });
            })
            .WithName("ListLabels")
            .WithSummary("Canonical (not merged-away) labels by name with aliases, color, shortcut key and counts; q filters by name or alias. "
                + "At most limit labels (1–1000, default 1000) after the label with id after; when more follow, a Link header (rel=\"next\") gives the next page.")
            .Produces<List<LabelResponse>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapPost("/labels", async (CreateLabelRequest body, ClaimsPrincipal user, LabelCatalog catalog, LabelSummaries summaries, CancellationToken ct) =>
            {
                var outcome = await catalog.CreateAsync(UserId(user), body.Name ?? "", body.Color, body.Description, ct);
                if (!outcome.TryGet(out var saved, out var failure))
                {
                    return failure.ToProblem();
                }
                if (await summaries.GetAsync(saved.Label.Id, ct) is not { } summary)
                {
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: "The label was merged away while it was being created; try again.");
                }
                return saved.Created
                    ? Results.Created($"/api/v1/labels/{summary.Id}", ToResponse(summary))
                    : Results.Ok(ToResponse(summary));
            })
            .RequireAuthorization(AuthSetup.ModeratorPolicy)
            .WithName("CreateLabel")
            .WithSummary("Creates a label (moderators). A name equal to an existing label's name or alias, ignoring case and spacing, returns that label with 200.")
            .Produces<LabelResponse>(StatusCodes.Status201Created)
            .Produces<LabelResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/labels/merge", async (MergeRequest body, ClaimsPrincipal user, LabelMerger merger, CancellationToken ct) =>
            {
                var outcome = await merger.MergeAsync(UserId(user), body.SourceIds ?? [], body.TargetId, ct);
                return outcome.ToResult(done => Results.Ok(new MergeResponse(done.MergeId, done.Moved, done.Collapsed)));
            })
            .RequireAuthorization(AuthSetup.ModeratorPolicy)
            .WithName("MergeLabels")
            .WithSummary("Merges the source labels into the target in one transaction (moderators); source names become aliases of the target. "
                + "400 for no sources or a label merged into itself, 404 for a label that does not exist, 409 for a label already merged away.")
            .Produces<MergeResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/merges/{id:long}/undo", async (long id, ClaimsPrincipal user, LabelMerger merger, CancellationToken ct) =>
            {
                var outcome = await merger.UndoAsync(UserId(user), id, ct);
                return outcome.ToResult(done => Results.Ok(new UndoResponse(done.MergeId, done.MovedBack, done.Restored)));
            })
            .RequireAuthorization(AuthSetup.ModeratorPolicy)
            .WithName("UndoMerge")
            .WithSummary("Undoes a merge (moderators), or explains with 409 why it cannot be undone safely.")
            .Produces<UndoResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static string NextPage(string? q, int after, int? limit) =>
        QueryHelpers.AddQueryString("/api/v1/labels", new Dictionary<string, string?>
        {
            ["q"] = string.IsNullOrEmpty(q) ? null : q,
            ["after"] = after.ToString(CultureInfo.InvariantCulture),
            ["limit"] = limit?.ToString(CultureInfo.InvariantCulture),
        }.Where(p => p.Value is not null));

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private static LabelResponse ToResponse(LabelSummary s) =>
        new(s.Id, s.Name, s.Color, s.Description, s.ShortcutKey?.ToString(), s.Aliases, s.Counts.Taggings, s.Counts.Transcripts, s.Counts.Readers);
}
