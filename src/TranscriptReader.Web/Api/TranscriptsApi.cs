using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Web.Importing;
using TranscriptReader.Web.Outcomes;
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

    /// <param name="Id">The block id, for taggings.</param>
    /// <param name="Ordinal">Its place in the message.</param>
    /// <param name="Kind">text, reasoning, reasoning_summary, output, tool_call, tool_result, image, empty_response, …</param>
    /// <param name="Caption">Function name, call id, media type or summary heading.</param>
    /// <param name="Text">The text that taggings' offsets refer to.</param>
    /// <param name="ImageUrl">For an image block: where its bytes are served; its text is then only a placeholder.</param>
    public sealed record BlockDto(long Id, int Ordinal, string Kind, string? Caption, string Text, string? ImageUrl);
    public sealed record MessageDto(long Id, int Ordinal, string Role, string? Speaker, IReadOnlyList<BlockDto> Blocks);
    public sealed record TranscriptDto(
        long Id, string Title, string Source, string? SourceLocator, string Format, string? Model, string? Collection,
        JsonElement Metadata, DateTimeOffset ImportedAt, string ContentHash, int CharCount, IReadOnlyList<MessageDto> Messages);

    public static void Map(RouteGroupBuilder api)
    {
        var maxUpload = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IOptions<ImportSettings>>().Value.MaxUploadBytes;
        api.MapPost("/transcripts", ImportAsync)
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitSetup.Imports)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxUpload))
            .WithFormOptions(multipartBodyLengthLimit: maxUpload)
            .WithSummary("Import transcripts: multipart files (field 'files', ZIP datasets allowed), or a raw body with ?filename=. "
                + "Optional 'format' (override detection), 'recipe' (the name of a saved field mapping, see /api/v1/import-recipes) or "
                + "'recipeDocument' (a field mapping as JSON) instead of a format, 'collection', or 'url' to fetch. "
                + "Send Accept: application/x-ndjson to stream lines as the import goes: 'parsed' (a file was read: total transcripts), "
                + "'progress' (done of total, with the ids and titles of the transcripts stored since the last line), 'file' (its "
                + "result; noFormatFits when no format fits its JSON), then 'summary'. Closing the request cancels the import before "
                + "the next transcript; what was stored stays, each transcript whole. If the database goes away mid-import, the "
                + "stream ends with a line of type 'error' (status 503), and a plain import answers 503 problem details whose "
                + "'imported' lists the transcripts stored.")
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
            return Failure.NotFound($"There is no transcript {id}.").ToProblem();
        }
        var messages = await db.Messages.AsNoTracking().Where(m => m.TranscriptId == id).OrderBy(m => m.Ordinal)
            .Select(m => new MessageDto(m.Id, m.Ordinal, m.Role, m.Speaker,
                m.Blocks.OrderBy(b => b.Ordinal).Select(b => new BlockDto(b.Id, b.Ordinal, b.Kind, b.Caption, b.Text, b.ImageSha256 == null ? null : "/api/v1/images/" + b.ImageSha256)).ToList()))
            .ToListAsync(ct);
        using var metadata = JsonDocument.Parse(t.MetadataJson);
        return Results.Ok(new TranscriptDto(t.Id, t.Title, t.Source, t.SourceLocator, t.Format, t.Model, t.Collection,
            metadata.RootElement.Clone(), t.ImportedAt, t.ContentHash, t.CharCount, messages));
    }

    private static async Task ImportAsync(HttpContext http, ImportRun run, CancellationToken ct)
    {
        var input = await ImportForm.ReadAsync(http, ct);
        var prepared = input.TryGet(out var read, out var unreadable) ? await run.PrepareAsync(read, ct) : unreadable;
        if (!prepared.TryGet(out var import, out var failure))
        {
            await failure.ToProblem().ExecuteAsync(http);
            return;
        }
        var streaming = http.Request.Headers.Accept.ToString().Contains("application/x-ndjson", StringComparison.OrdinalIgnoreCase);
        if (!streaming)
        {
            await Answer(await run.RunAsync(import, ct: ct)).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "application/x-ndjson; charset=utf-8";
        var stream = new ImportStream(http);
        var report = await run.RunAsync(import, e => stream.WriteAsync(e, ct), ct);
        if (report.Cancelled)
        {
            // The client went away (or pressed Cancel): there is nobody left to tell.
            return;
        }
        // A streamed import has sent its 200 status with the first line: the stream itself must end by saying
        // why it stopped, or the client would only see the connection drop.
        if (report.Interruption is { } interruption)
        {
            await stream.LineAsync(new { type = "error", status = StatusCodes.Status503ServiceUnavailable, error = interruption }, CancellationToken.None);
            return;
        }
        await stream.LineAsync(new { type = "summary", summary = ToResponse(report) }, ct);
    }

    /// <summary>
    /// The answer to a whole (not streamed) import. An interrupted one is a 503 (the database is unavailable,
    /// as <see cref="ApiExceptionHandler"/> answers) that lists what was stored, because the generic 503 says
    /// nothing was changed; one that imported nothing and found no duplicate is a 400 with every file's error (a
    /// duplicate found joined the collection the import names, so that import did something).
    /// </summary>
    private static IResult Answer(ImportReport report)
    {
        if (report.Interruption is { } interruption)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The import was interrupted",
                detail: interruption, extensions: new Dictionary<string, object?> { ["imported"] = report.Stored });
        }
        var response = ToResponse(report);
        if (report.NothingImported)
        {
            return Results.Problem(statusCode: OutcomeHttp.StatusOf(FailureKind.Invalid), title: "Nothing was imported",
                detail: string.Join("\n", response.Errors.Select(e => e.Error)),
                extensions: new Dictionary<string, object?> { ["errors"] = response.Errors, ["duplicates"] = response.Skipped });
        }
        return response.Imported > 0 ? Results.Json(response, statusCode: StatusCodes.Status201Created) : Results.Json(response);
    }

    private static ImportResponse ToResponse(ImportReport report) => ToResponse(report.Summary, report.Titles);

    private static ImportResponse ToResponse(ImportSummary summary, IReadOnlyDictionary<long, string> titles) => new(
        summary.Imported, summary.Duplicates, summary.Failed,
        summary.Files.SelectMany(f => f.TranscriptIds.Select(id => new CreatedTranscript(id, titles.GetValueOrDefault(id, ""), f.FileName))).ToList(),
        summary.Files.SelectMany(f => f.Duplicates.Select(d => new SkippedDuplicate(f.FileName, d.Title, d.ExistingId))).ToList(),
        summary.Files.Where(f => f.Error is not null).Select(f => new FileError(f.FileName, f.Error!)).ToList());
}
