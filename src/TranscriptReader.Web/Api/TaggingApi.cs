using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Web.Outcomes;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Api;

/// <summary>Passage tagging: apply a label to a span, remove it, vote on it, list a transcript's taggings.</summary>
public static class TaggingApi
{
    /// <summary>
    /// Label is a JSON string (a name or an alias, or ASCII digits: an id) or a number (an id), so scripts can send
    /// either. Digits and numbers always mean an id: one that names no label is a 400, never a new label.
    /// </summary>
    public sealed record ApplyRequest(long BlockId, int Start, int End, string? Quote, JsonElement Label);

    public sealed record ApplyResponse(long Id, int LabelId, string Label, string Color, int Start, int End, string Quote, bool Created);

    public sealed record VoteRequest(int Value);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/taggings", ApplyAsync)
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitSetup.Writes)
            .WithName("ApplyTagging")
            .WithSummary("Applies a label (id, name or alias; a new name creates it) to [start, end) of one block. "
                + "201 for a new tagging, 200 with created=false when you had already applied it.")
            .Produces<ApplyResponse>(StatusCodes.Status201Created)
            .Produces<ApplyResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapDelete("/taggings/{id:long}", RemoveAsync)
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitSetup.Writes)
            .WithName("DeleteTagging")
            .WithSummary("Removes your tagging (moderators may remove anyone's; that is audited).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/taggings/{id:long}/vote", VoteAsync)
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitSetup.Writes)
            .WithName("VoteOnTagging")
            .WithSummary("Agree (1), dispute (-1) or withdraw your vote (0) on a tagging.")
            .Produces<VoteCounts>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/transcripts/{id:long}/taggings", ListAsync)
            .WithName("ListTranscriptTaggings")
            .WithSummary("A transcript's taggings in reading order: label, reader, UTF-16 offsets, quote with context, votes and status.")
            .Produces<List<TaggingView>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ApplyAsync(ApplyRequest? body, ClaimsPrincipal user, TaggingService taggings, CancellationToken ct)
    {
        if (body is null)
        {
            return Failure.Invalid("Send a JSON body: {blockId, start, end, quote?, label}.").ToProblem();
        }
        string? label = null;
        if (body.Label.ValueKind == JsonValueKind.Number)
        {
            // A number is an id and only an id: one that is not a label id is refused, never turned into a name.
            if (!body.Label.TryGetInt32(out var id) || id < 1)
            {
                return Failure.Invalid($"There is no label with id {body.Label.GetRawText()}: a label given as a number is a label id (a whole number from 1 to 2147483647).").ToProblem();
            }
            label = id.ToString(CultureInfo.InvariantCulture);
        }
        else if (body.Label.ValueKind == JsonValueKind.String)
        {
            label = body.Label.GetString();
        }
        var outcome = await taggings.ApplyAsync(UserId(user), body.BlockId, body.Start, body.End, body.Quote, label, ct);
        return outcome.ToResult(t =>
        {
            var response = new ApplyResponse(t.Id, t.LabelId, t.Label, t.Color, t.Start, t.End, t.Quote, t.Created);
            return t.Created ? Results.Created($"/api/v1/taggings/{t.Id}", response) : Results.Ok(response);
        });
    }

    private static async Task<IResult> RemoveAsync(long id, ClaimsPrincipal user, TaggingService taggings, CancellationToken ct)
    {
        var moderator = user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin);
        return (await taggings.RemoveAsync(UserId(user), moderator, id, ct)).ToResult(Results.NoContent);
    }

    private static async Task<IResult> VoteAsync(long id, VoteRequest? body, ClaimsPrincipal user, TaggingService taggings, CancellationToken ct)
    {
        if (body is null)
        {
            return Failure.Invalid("Send a JSON body: {value: 1 | -1 | 0}.").ToProblem();
        }
        return (await taggings.VoteAsync(UserId(user), id, body.Value, ct)).ToResult(counts => Results.Ok(counts));
    }

    private static async Task<IResult> ListAsync(long id, ClaimsPrincipal user, AppDbContext db, TaggingQueries queries, CancellationToken ct)
    {
        if (!await db.Transcripts.AnyAsync(t => t.Id == id, ct))
        {
            return Failure.NotFound($"There is no transcript {id}.").ToProblem();
        }
        return Results.Ok(await queries.ForTranscriptAsync(id, user.FindFirstValue(ClaimTypes.NameIdentifier), ct));
    }

    private static string UserId(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("An authorized request has a user id.");
}
