using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Importing;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Api;

public static class TranscriptsApi
{
    public sealed record CreatedTranscript(long Id, string Title, string File);
    public sealed record SkippedDuplicate(string File, string Title, long ExistingId);
    public sealed record FileError(string File, string Error);
    public sealed record ImportResponse(
        int Imported, int Duplicates, int Failed,
        IReadOnlyList<CreatedTranscript> Created, IReadOnlyList<SkippedDuplicate> Skipped, IReadOnlyList<FileError> Errors);

    public sealed record BlockDto(long Id, int Ordinal, string Kind, string? Caption, string Text);
    public sealed record MessageDto(long Id, int Ordinal, string Role, string? Speaker, IReadOnlyList<BlockDto> Blocks);
    public sealed record TranscriptDto(
        long Id, string Title, string Source, string? SourceLocator, string Format, string? Model, string? Collection,
        JsonElement Metadata, DateTimeOffset ImportedAt, string ContentHash, int CharCount, IReadOnlyList<MessageDto> Messages);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/transcripts", ImportAsync)
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitSetup.Imports)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(ImportOptions.MaxUploadBytes))
            .WithFormOptions(multipartBodyLengthLimit: ImportOptions.MaxUploadBytes)
            .WithSummary("Import transcripts: multipart files (field 'files', ZIP datasets allowed), or a raw body with ?filename=. "
                + "Optional 'format' (override detection), 'collection', or 'url' to fetch. "
                + "Send Accept: application/x-ndjson to stream one line per file as it is stored. If the database goes away "
                + "mid-import, the stream ends with a line of type 'error' (status 503), and a plain import answers 503 "
                + "problem details whose 'imported' lists the transcripts stored.")
            .Produces<ImportResponse>(StatusCodes.Status201Created)
            .Produces<ImportResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/transcripts/{id:long}", GetAsync)
            .WithSummary("A transcript with its messages and blocks (ids, roles, kinds, text).")
            .Produces<TranscriptDto>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> GetAsync(long id, AppDbContext db, CancellationToken ct)
    {
        var t = await db.Transcripts.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Id, x.Title, x.Source, x.SourceLocator, x.Format, x.Model, Collection = x.Collection!.Name, x.MetadataJson, x.ImportedAt, x.ContentHash, x.CharCount })
            .SingleOrDefaultAsync(ct);
        if (t is null)
        {
            return ApiProblems.NotFound($"There is no transcript {id}.");
        }
        var messages = await db.Messages.AsNoTracking().Where(m => m.TranscriptId == id).OrderBy(m => m.Ordinal)
            .Select(m => new MessageDto(m.Id, m.Ordinal, m.Role, m.Speaker,
                m.Blocks.OrderBy(b => b.Ordinal).Select(b => new BlockDto(b.Id, b.Ordinal, b.Kind, b.Caption, b.Text)).ToList()))
            .ToListAsync(ct);
        using var metadata = JsonDocument.Parse(t.MetadataJson);
        return Results.Ok(new TranscriptDto(t.Id, t.Title, t.Source, t.SourceLocator, t.Format, t.Model, t.Collection,
            metadata.RootElement.Clone(), t.ImportedAt, t.ContentHash, t.CharCount, messages));
    }

    private static async Task ImportAsync(
        HttpContext http, ImportService importer, UserManager<AppUser> users, InstanceSettings settings, CancellationToken ct)
    {
        var input = await ImportInput.ReadAsync(http, settings, ct);
        if (input.Error is not null)
        {
            await ApiProblems.Write(http, StatusCodes.Status400BadRequest, input.Error);
            return;
        }
        var request = new ImportRequest(input.Files, input.Format, input.Collection, users.GetUserId(http.User), input.SourceUrl);
        var streaming = http.Request.Headers.Accept.ToString().Contains("application/x-ndjson", StringComparison.OrdinalIgnoreCase);
        var results = new List<FileImportResult>(input.FetchErrors);
        if (streaming)
        {
            http.Response.ContentType = "application/x-ndjson; charset=utf-8";
            foreach (var error in input.FetchErrors)
            {
                await WriteLineAsync(http, new { type = "file", file = error.FileName, error = error.Error }, ct);
            }
        }
        ImportResponse response;
        try
        {
            await foreach (var result in importer.ImportAsync(request, ct))
            {
                results.Add(result);
                if (streaming)
                {
                    await WriteLineAsync(http, new
                    {
                        type = "file",
                        file = result.FileName,
                        imported = result.TranscriptIds,
                        duplicates = result.Duplicates.Select(d => new { d.Title, d.ExistingId }),
                        error = result.Error,
                    }, ct);
                }
            }
            response = ToResponse(ImportSummary.From(results), await TitlesAsync(http, results, ct));
        }
        catch (Exception e) when (ApiExceptionHandler.IsDatabaseUnavailable(e)
            && (http.Response.HasStarted || results.Any(r => r.TranscriptIds.Count > 0)))
        {
            // The generic 503 ("nothing was changed") would be wrong here: earlier transcripts are stored.
            await ReportInterruptedAsync(http, e, results);
            return;
        }
        if (streaming)
        {
            await WriteLineAsync(http, new { type = "summary", summary = response }, ct);
            return;
        }
        if (response.Imported == 0 && response.Failed > 0)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = 400,
                    Title = "Nothing was imported",
                    Detail = string.Join("\n", response.Errors.Select(e => e.Error)),
                    Extensions = { ["errors"] = response.Errors, ["duplicates"] = response.Skipped },
                },
            });
            return;
        }
        http.Response.StatusCode = response.Imported > 0 ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        await http.Response.WriteAsJsonAsync(response, ct);
    }

    /// <summary>
    /// The database went away part way through an import. Each transcript is stored in its own
    /// transaction, so the ones reported as imported are whole and the one in progress is whole or absent.
    /// A streamed import has already sent its 200 status with the first line: the stream itself must end
    /// by saying why it stopped, or the client would only see the connection drop.
    /// </summary>
    private static async Task ReportInterruptedAsync(HttpContext http, Exception e, List<FileImportResult> results)
    {
        var stored = results.SelectMany(r => r.TranscriptIds).ToList();
        http.RequestServices.GetRequiredService<ILogger<ImportService>>().LogError(e,
            "Import stopped after {Files} files and {Stored} new transcripts: the database became unavailable", results.Count, stored.Count);
        var detail = ImportOptions.InterruptedMessage(results.Count, stored.Count);
        if (http.Response.HasStarted)
        {
            await WriteLineAsync(http, new { type = "error", status = StatusCodes.Status503ServiceUnavailable, error = detail }, CancellationToken.None);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The import was interrupted",
                Detail = detail,
                Extensions = { ["imported"] = stored },
            },
        });
    }

    private static async Task<Dictionary<long, string>> TitlesAsync(HttpContext http, List<FileImportResult> results, CancellationToken ct)
    {
        var ids = results.SelectMany(r => r.TranscriptIds).ToList();
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        return await db.Transcripts.Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Title, ct);
    }

    private static ImportResponse ToResponse(ImportSummary summary, Dictionary<long, string> titles) => new(
        summary.Imported, summary.Duplicates, summary.Failed,
        summary.Files.SelectMany(f => f.TranscriptIds.Select(id => new CreatedTranscript(id, titles.GetValueOrDefault(id, ""), f.FileName))).ToList(),
        summary.Files.SelectMany(f => f.Duplicates.Select(d => new SkippedDuplicate(f.FileName, d.Title, d.ExistingId))).ToList(),
        summary.Files.Where(f => f.Error is not null).Select(f => new FileError(f.FileName, f.Error!)).ToList());

    private static async Task WriteLineAsync(HttpContext http, object value, CancellationToken ct)
    {
        await JsonSerializer.SerializeAsync(http.Response.Body, value, JsonSerializerOptions.Web, ct);
        await http.Response.WriteAsync("\n", ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
