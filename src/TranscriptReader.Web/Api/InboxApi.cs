using System.Security.Claims;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Inbox;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Api;

/// <summary>The signed-in reader's inbox and watched transcripts (the inbox page and the header badge use these).</summary>
public static class InboxApi
{
    public sealed record UnreadResponse(int Unread);

    public sealed record MarkReadRequest(IReadOnlyList<long>? Ids, bool All);

    public sealed record WatchRequest(bool Watch);

    public sealed record WatchResponse(long TranscriptId, bool Watching);

    public static void Map(RouteGroupBuilder api)
    {
        var inbox = api.MapGroup("/inbox").RequireAuthorization().WithTags("Inbox");
        inbox.MapGet("", async (ClaimsPrincipal user, InboxService service, CancellationToken ct) =>
                Results.Ok(await service.ListAsync(Id(user), IsModerator(user), ct)))
            .WithName("GetInbox").WithSummary("The newest inbox lines of the signed-in reader (disputes and counter-proposals grouped per tagging).")
            .Produces<IReadOnlyList<InboxEntry>>().ProducesProblem(StatusCodes.Status401Unauthorized);
        inbox.MapGet("/unread", async (ClaimsPrincipal user, InboxService service, CancellationToken ct) =>
                Results.Ok(new UnreadResponse(await service.UnreadCountAsync(Id(user), IsModerator(user), ct))))
            .WithName("GetInboxUnread").WithSummary("How many inbox lines are unread.")
            .Produces<UnreadResponse>().ProducesProblem(StatusCodes.Status401Unauthorized);
        inbox.MapPost("/read", async (MarkReadRequest request, ClaimsPrincipal user, InboxService service, CancellationToken ct) =>
            {
                if (!request.All && (request.Ids is null || request.Ids.Count is 0 or > 1000))
                {
                    return ApiProblems.Result(StatusCodes.Status400BadRequest, "Send \"ids\" (1 to 1,000 item ids) or \"all\": true.");
                }
                var changed = request.All
                    ? await service.MarkAllReadAsync(Id(user), ct)
                    : await service.MarkReadAsync(Id(user), request.Ids!, ct);
                return Results.Ok(new { marked = changed, unread = await service.UnreadCountAsync(Id(user), IsModerator(user), ct) });
            })
            .WithName("MarkInboxRead").WithSummary("Marks inbox items read: {ids: [...]} or {all: true}.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapPut("/transcripts/{id:long}/watch", async (long id, WatchRequest request, ClaimsPrincipal user, InboxService service, CancellationToken ct) =>
                (await service.WatchAsync(Id(user), id, request.Watch, ct)).ToResult(watching => Results.Ok(new WatchResponse(id, watching))))
            .RequireAuthorization().WithTags("Inbox")
            .WithName("WatchTranscript").WithSummary("Starts ({watch: true}) or stops watching a transcript: every new comment on it comes to the inbox.")
            .Produces<WatchResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static string Id(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private static bool IsModerator(ClaimsPrincipal user) => user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin);
}
