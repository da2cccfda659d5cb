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

    /// <summary>Up to <see cref="TaggingBatch.MaxItems"/> items, each with the fields of a single <see cref="ApplyRequest"/>.</summary>
    public sealed record BatchRequest(List<ApplyRequest?>? Items);

    /// <summary>Each item's outcome in request order: <c>id</c> (and <c>created</c>, <c>labelId</c>) or <c>problem</c>.</summary>
    public sealed record BatchResponse(int Applied, int Created, int Refused, IReadOnlyList<BatchTaggingResult> Results);

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

        api.MapPost("/taggings/batch", BatchAsync)
            .RequireAuthorization()
            .WithName("ApplyTaggingBatch")
            .WithSummary("Applies up to 10,000 taggings in one call, each checked as POST /api/v1/taggings checks one. "
                + "200 with one result per item, by index: the tagging's id (created=false when you had already applied it) or the problem "
                + "that refused the item; refused items store nothing, the others are stored together. The rate limit counts items "
                + "(RateLimits:batchTaggings, 200,000 a minute by default), not calls.")
            .Produces<BatchResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

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
        if (!LabelArgument(body.Label).TryGet(out var label, out var invalid))
        {
            return invalid.ToProblem();
        }
        var outcome = await taggings.ApplyAsync(UserId(user), body.BlockId, body.Start, body.End, body.Quote, label, ct);
        return outcome.ToResult(t =>
        {
            var response = new ApplyResponse(t.Id, t.LabelId, t.Label, t.Color, t.Start, t.End, t.Quote, t.Created);
            return t.Created ? Results.Created($"/api/v1/taggings/{t.Id}", response) : Results.Ok(response);
        });
    }

    private static async Task<IResult> BatchAsync(BatchRequest? body, ClaimsPrincipal user, TaggingBatch batch, TaggingBatchLimiter limiter,
        HttpContext http, CancellationToken ct)
    {
        if (body?.Items is not { } items)
        {
            return Failure.Invalid("Send a JSON body: {items: [{blockId, start, end, quote?, label}, …]}.").ToProblem();
        }
        if (await limiter.RefusalAsync(user, items.Count, ct) is { } refusal)
        {
            http.Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Failure.LimitReached(refusal.Message).ToProblem();
        }
        // An item whose label cannot even be read is refused as the single call would refuse it; the Core batch
        // then sees it without a label, which it refuses with the same words as a missing one, so the message is kept here.
        var refused = new Dictionary<int, string>();
        var core = new List<BatchTaggingItem>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            string? label = null;
            if (item is null)
            {
                refused[i] = "An item is an object: {blockId, start, end, quote?, label}.";
            }
            else if (!LabelArgument(item.Label).TryGet(out label, out var invalid))
            {
                refused[i] = invalid.Message;
            }
            core.Add(new BatchTaggingItem(item?.BlockId ?? 0, item?.Start ?? 0, item?.End ?? 0, item?.Quote, refused.ContainsKey(i) ? null : label));
        }
        var outcome = await batch.ApplyAsync(UserId(user), core, ct);
        return outcome.ToResult(results =>
        {
            var merged = results.Select(r => refused.TryGetValue(r.Index, out var problem) ? r with { Problem = problem } : r).ToList();
            var applied = merged.Count(r => r.Id is not null);
            return Results.Ok(new BatchResponse(applied, merged.Count(r => r.Created), merged.Count - applied, merged));
        });
    }

    /// <summary>
    /// The label as the Core reads it. Label is a JSON string (a name, an alias, or ASCII digits: an id) or a number (an
    /// id, and only an id: one that is not a label id is refused, never turned into a name); anything else is no label.
    /// </summary>
    private static Outcome<string?> LabelArgument(JsonElement label)
    {
        if (label.ValueKind == JsonValueKind.Number)
        {
            if (!label.TryGetInt32(out var id) || id < 1)
            {
                return Failure.Invalid($"There is no label with id {label.GetRawText()}: a label given as a number is a label id (a whole number from 1 to 2147483647).");
            }
            return id.ToString(CultureInfo.InvariantCulture);
        }
        return label.ValueKind == JsonValueKind.String ? label.GetString() : null;
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
