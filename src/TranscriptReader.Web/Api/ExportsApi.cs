using Microsoft.AspNetCore.Mvc;
using TranscriptReader.Core.Agreement;
using TranscriptReader.Core.Exports;
using TranscriptReader.Web.Outcomes;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Api;

/// <summary>
/// GET /api/v1/exports/{export}.csv and /api/v1/exports/annotations.jsonl|.jsonld: the research
/// exports, streamed to the response as the database returns rows. Signed-in users only (cookie or
/// personal access token), rate-limited per user.
/// </summary>
public static class ExportsApi
{
    /// <summary>The filters as query parameters; labels and readers may repeat.</summary>
    public sealed record Parameters(
        [FromQuery(Name = "collection")] string? Collection,
        [FromQuery(Name = "label")] string[]? Label,
        [FromQuery(Name = "reader")] string[]? Reader,
        [FromQuery(Name = "from")] string? From,
        [FromQuery(Name = "to")] string? To,
        [FromQuery(Name = "block_kind")] string? BlockKind,
        [FromQuery(Name = "status")] string? Status,
        [FromQuery(Name = "key")] string? Key)
    {
        public ExportQuery ToQuery() => new()
        {
            Collection = Collection,
            Labels = Label ?? [],
            Readers = Reader ?? [],
            From = From,
            To = To,
            Kind = BlockKind,
            Status = Status,
            Key = Key,
        };
    }

    public static void Map(RouteGroupBuilder api)
    {
        var exports = api.MapGroup("/exports")
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitSetup.Exports)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        exports.MapGet("/annotations.jsonl", (HttpContext http, [AsParameters] Parameters p, ExportFilterParser parser, ExportService service, CancellationToken ct) =>
                StreamAsync(http, p, parser, pivot: false, "application/x-ndjson", "annotations.jsonl",
                    (filter, body) => ExportWriters.WriteJsonLinesAsync(service.TaggingsAsync(filter, ct: ct), body, ct), ct))
            .WithName("ExportAnnotationsJsonLines")
            .WithSummary("Raw taggings as JSON Lines: one object per tagging with the raw taggings columns.")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson");

        exports.MapGet("/annotations.jsonld", (HttpContext http, [AsParameters] Parameters p, ExportFilterParser parser, ExportService service, CancellationToken ct) =>
                StreamAsync(http, p, parser, pivot: false, "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"", "annotations.jsonld",
                    (filter, body) => ExportWriters.WriteJsonLdAsync(service.TaggingsAsync(filter, ct: ct), body, BaseUri(http), ct), ct))
            .WithName("ExportAnnotationsJsonLd")
            .WithSummary("Raw taggings as a W3C Web Annotation collection (TextQuoteSelector + TextPositionSelector).")
            .Produces(StatusCodes.Status200OK, contentType: "application/ld+json");

        // A literal route: it wins over "{export}.csv" whatever the order.
        exports.MapGet("/agreement.csv", async (HttpContext http, string? collection, string? meta, AgreementService agreement, CancellationToken ct) =>
            {
                if (!(await agreement.ParseFilterAsync(collection, meta, ct)).TryGet(out var filter, out var failure))
                {
                    return failure.ToProblem();
                }
                var overview = await agreement.OverviewAsync(filter, ct);
                http.Response.ContentType = "text/csv; charset=utf-8; header=present";
                http.Response.Headers.ContentDisposition = "attachment; filename=\"agreement.csv\"";
                http.Response.Headers.CacheControl = "no-store";
                await ExportWriters.WriteCsvAsync(overview.Labels.Select(AgreementRow.From).ToAsyncEnumerable(), http.Response.Body, ct);
                return Results.Empty;
            })
            .WithName("ExportAgreementCsv")
            .WithSummary("Krippendorff's alpha per label with its 95 % interval (filters: collection, meta=key=value). Columns: docs/exports.md.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");

        exports.MapGet("/{export}.csv", (string export, HttpContext http, [AsParameters] Parameters p, ExportFilterParser parser, ExportService service, CancellationToken ct) =>
            {
                if (ExportKinds.FromName(export) is not { } kind)
                {
                    return Task.FromResult(ApiProblems.NotFound(
                        $"There is no export '{export}'. Use one of: {string.Join(", ", ExportKinds.Csv.Select(k => k.Name))}."));
                }
                return StreamAsync(http, p, parser, pivot: kind == ExportKind.Pivot, "text/csv; charset=utf-8; header=present",
                    $"{export.ToLowerInvariant()}.csv", (filter, body) => WriteCsvAsync(service, kind, filter, body, ct), ct);
            })
            .WithName("ExportCsv")
            .WithSummary("A CSV export: label-counts, label-transcripts, pivot (needs key=...) or taggings. Columns: docs/exports.md.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static Task WriteCsvAsync(ExportService service, ExportKind kind, ExportFilter filter, Stream body, CancellationToken ct) => kind switch
    {
        ExportKind.LabelCounts => ExportWriters.WriteCsvAsync(service.LabelCountsAsync(filter, ct: ct), body, ct),
        ExportKind.LabelTranscripts => ExportWriters.WriteCsvAsync(service.LabelTranscriptsAsync(filter, ct: ct), body, ct),
        ExportKind.Pivot => ExportWriters.WriteCsvAsync(service.PivotAsync(filter, ct: ct), body, ct),
        _ => ExportWriters.WriteCsvAsync(service.TaggingsAsync(filter, ct: ct), body, ct),
    };

    private static Uri BaseUri(HttpContext http) => new($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");

    /// <summary>Validates the filters before anything is written, so bad input is a 400, never a half-written file.</summary>
    private static async Task<IResult> StreamAsync(HttpContext http, Parameters p, ExportFilterParser parser, bool pivot,
        string contentType, string fileName, Func<ExportFilter, Stream, Task> write, CancellationToken ct)
    {
        var parsed = await parser.ParseAsync(p.ToQuery(), pivot, ct);
        if (parsed.Filter is not { } filter)
        {
            return ApiProblems.BadRequest(parsed.Error!);
        }
        http.Response.ContentType = contentType;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        http.Response.Headers.CacheControl = "no-store";
        await write(filter, http.Response.Body);
        return Results.Empty;
    }
}
