using System.Security.Claims;
using System.Text.Json.Serialization;
using TranscriptReader.Core.Agreement;
using TranscriptReader.Web.Outcomes;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Api;

/// <summary>
/// Done marks (a reader's reading of a transcript is complete) and the agreement figures computed from them:
/// Krippendorff's alpha per label and the comparison with a published label. Definitions: docs/agreement.md.
/// </summary>
public static class AgreementApi
{
    public sealed record DoneResponse(long TranscriptId, bool Done, DateTimeOffset? MarkedAt, int Readers);

    public sealed record PairResponse(string ReaderA, string ReaderB, int Transcripts, long Tokens, long AgreeingTokens, double Share);

    public sealed record SplitResponse(
        long TranscriptId, string Title, long BlockId, int Start, int End, string Quote, int TaggedBy, int Readers,
        double Disagreement, string Url);

    public sealed record AgreementEntry(
        string Label, int LabelId, double? Alpha, double[]? Ci, long Units, int Readers, int Transcripts,
        double Prevalence, int TaggedBy, int TaggedIn,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PairResponse>? Pairs = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SplitResponse>? Splits = null);

    public sealed record ReferenceResponse(
        string Label, string Key, string Positive, double? Kappa, int N, IReadOnlyList<ReferenceRow> Table,
        IReadOnlyList<ReferenceDisagreement> Disagreements);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/transcripts/{id:long}/done", async (long id, ClaimsPrincipal user, DoneMarks marks, CancellationToken ct) =>
                (await marks.MarkAsync(UserId(user), id, ct)).ToResult(s => Results.Ok(ToResponse(s))))
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitSetup.Writes)
            .WithName("MarkTranscriptDone")
            .WithSummary("Marks your reading of the transcript done (idempotent): from now on, a passage you did not tag means \"not this label\".")
            .Produces<DoneResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/transcripts/{id:long}/done", async (long id, ClaimsPrincipal user, DoneMarks marks, CancellationToken ct) =>
                (await marks.UndoAsync(UserId(user), id, ct)).ToResult(s => Results.Ok(ToResponse(s))))
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitSetup.Writes)
            .WithName("UndoTranscriptDone")
            .WithSummary("Undoes your done mark on the transcript (idempotent).")
            .Produces<DoneResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/agreement", async (string? label, string? collection, string? meta, AgreementService agreement, HttpContext http, CancellationToken ct) =>
            {
                if (!(await agreement.ParseFilterAsync(collection, meta, ct)).TryGet(out var filter, out var failure))
                {
                    return failure.ToProblem();
                }
                if (label is null)
                {
                    var overview = await agreement.OverviewAsync(filter, ct);
                    return Results.Ok(overview.Labels.Select(l => ToEntry(l)).ToList());
                }
                return (await agreement.LabelAsync(label, filter, ct)).ToResult(d => Results.Ok(new[] { ToEntry(d.Summary, d, BasePath(http)) }));
            })
            .WithName("Agreement")
            .WithSummary("Krippendorff's alpha per label between done readers, with a 95 % bootstrap interval; with label=NAME one entry "
                + "with reader pairs and the passages where readers split. Filters: collection, meta=key=value. Definitions: docs/agreement.md.")
            .Produces<List<AgreementEntry>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/agreement/reference", async (string? label, string? key, string? positive, string? collection, string? meta,
                AgreementService agreement, ReferenceComparison reference, CancellationToken ct) =>
            {
                if (!(await agreement.ParseFilterAsync(collection, meta, ct)).TryGet(out var filter, out var failure)
                    || !(await agreement.FindLabelAsync(label, ct)).TryGet(out var found, out failure))
                {
                    return failure.ToProblem();
                }
                if (positive is null && !string.IsNullOrWhiteSpace(key))
                {
                    return ApiProblems.BadRequest("Name the value of the key that means the label is present (positive=...), e.g. potential_faking.");
                }
                return (await reference.CompareAsync(found, key, positive, filter, ct)).ToResult(r => Results.Ok(
                    new ReferenceResponse(r.Label.Name, r.Key, r.Positive ?? "", r.Kappa, r.N, r.Table, r.Disagreements)));
            })
            .WithName("AgreementReference")
            .WithSummary("Readers (label present when more than half of a transcript's done readers tagged it) against a published "
                + "label in the metadata (key = positive): Cohen's kappa, the table of values × present/absent, and the transcripts where they disagree.")
            .Produces<ReferenceResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    public static AgreementEntry ToEntry(LabelAgreement a, LabelAgreementDetail? detail = null, string basePath = "") =>
        new(a.Label.Name, a.Label.Id, a.Alpha, a.CiLow is { } low && a.CiHigh is { } high ? [low, high] : null,
            a.Units, a.Readers, a.Transcripts, a.Prevalence, a.TaggedBy, a.TaggedIn,
            detail?.Pairs.Select(p => new PairResponse(p.ReaderA, p.ReaderB, p.Transcripts, p.Tokens, p.AgreeingTokens, p.Share)).ToList(),
            detail?.Splits.Select(s => new SplitResponse(s.TranscriptId, s.Title, s.BlockId, s.Start, s.End, s.Excerpt, s.TaggedBy, s.Readers,
                s.Disagreement, basePath + PassageUrl(s))).ToList());

    /// <summary>The passage on its transcript page: the highlight of a tagging in it, else the block.</summary>
    public static string PassageUrl(SplitPassage s) =>
        $"/Transcripts/{s.TranscriptId}#" + (s.TaggingId is { } tagging ? $"tag-{tagging}" : $"block-{s.BlockId}");

    private static DoneResponse ToResponse(DoneState s) => new(s.TranscriptId, s.Done, s.MarkedAt, s.Readers);

    private static string BasePath(HttpContext http) => http.Request.PathBase.Value ?? "";

    private static string UserId(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("An authorized request has a user id.");
}
