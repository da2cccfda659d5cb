using TranscriptReader.Core.Accounts;
using TranscriptReader.Web.Outcomes;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Api;

/// <summary>
/// Reader display names for the comment box's <c>@name</c> completion. Signed-in readers only: only they can
/// write comments, and on an instance readable only when signed in, anonymous visitors get no names at all.
/// </summary>
public static class ReadersApi
{
    public sealed record NamesResponse(IReadOnlyList<string> Names);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/readers/names", async (string? prefix, ReaderNames names, CancellationToken ct) =>
                (await names.CompleteAsync(prefix, ct)).ToResult(found => Results.Ok(new NamesResponse(found))))
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitSetup.Lookups)
            .WithTags("Readers")
            .WithName("CompleteReaderNames")
            .WithSummary("Up to 10 display names whose name or one of its words starts with ?prefix= (any case), to complete an @mention.")
            .Produces<NamesResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
