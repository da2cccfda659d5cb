using System.Globalization;
using TranscriptReader.Core.Agreement;
using TranscriptReader.Core.Exports;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Web.Exports;
using TranscriptReader.Web.Outcomes;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Api;

/// <summary>
/// GET /api/v1/exports/{file}: one route per export of <see cref="ExportCatalog"/>, streamed to the response
/// as the database returns rows. Signed-in users only (cookie or personal access token), rate-limited per user.
/// </summary>
public static class ExportsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var exports = api.MapGroup("/exports")
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitSetup.Exports)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        foreach (var export in ExportCatalog.All)
        {
            exports.MapGet("/" + export.FileName, (HttpContext http, [AsParameters] ExportParameters p, ExportFilterParser parser, ExportService service, CancellationToken ct) =>
                    StreamAsync(http, export, p, parser, service, ct))
                .WithName(EndpointName(export))
                .WithSummary(export.Summary)
                .Produces(StatusCodes.Status200OK, contentType: export.ContentType.Split(';')[0]);
        }

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

        // Literal routes win over this pattern, so it only answers CSV names that are not exports.
        var csvNames = string.Join(", ", ExportCatalog.All.Where(e => e.Format == ExportCatalog.Csv).Select(e => e.Name).Append("agreement"));
        exports.MapGet("/{export}.csv", (string export) =>
                Failure.NotFound($"There is no export '{export}'. Use one of: {csvNames}.").ToProblem())
            .ExcludeFromDescription();
    }

    /// <summary>label-counts.csv → ExportLabelCountsCsv.</summary>
    private static string EndpointName(ExportDefinition export) =>
        "Export" + string.Concat(export.FileName.Split('-', '.').Select(w => char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..]));

    private static Uri BaseUri(HttpContext http) => new($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");

    /// <summary>Validates the filters before anything is written, so bad input is a 400, never a half-written file.</summary>
    private static async Task<IResult> StreamAsync(HttpContext http, ExportDefinition export, ExportParameters p, ExportFilterParser parser,
        ExportService service, CancellationToken ct)
    {
        if (!(await parser.ParseAsync(p.ToQuery(), export.NeedsPivotKey, ct)).TryGet(out var filter, out var failure))
        {
            return failure.ToProblem();
        }
        http.Response.ContentType = export.ContentType;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{export.FileName}\"";
        http.Response.Headers.CacheControl = "no-store";
        await export.WriteAsync(service, filter, http.Response.Body, BaseUri(http), ct);
        return Results.Empty;
    }
}
