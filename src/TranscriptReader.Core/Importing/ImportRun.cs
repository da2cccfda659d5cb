using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Importing;

/// <summary>What a reader sent to import, as the API or the import page collected it from the request.</summary>
/// <param name="Files">Uploaded files (a ZIP dataset is one file; the parser expands it).</param>
/// <param name="PastedText">Text pasted into the form, imported as one more file.</param>
/// <param name="PastedTitle">The file name the pasted text is reported under; "pasted text" when empty.</param>
/// <param name="Url">An http(s) URL to download and import.</param>
/// <param name="Format">Forces a format instead of detecting it.</param>
/// <param name="Collection">Puts the new transcripts in this collection (created when missing).</param>
/// <param name="UserId">The importing reader.</param>
public sealed record ImportInput(
    IReadOnlyList<ImportFile> Files, string? PastedText, string? PastedTitle, string? Url, string? Format, string? Collection, string? UserId);

/// <summary>An import that passed the checks: what to store, and the URL that could not be fetched (reported as a failed file).</summary>
public sealed record PreparedImport(ImportRequest Request, IReadOnlyList<FileImportResult> FetchErrors);

/// <summary>How an import run ended.</summary>
/// <param name="Summary">Every file's result, in the order they were reported.</param>
/// <param name="Titles">The title of each new transcript, by id (empty after an interruption).</param>
/// <param name="Interruption">Set when the database went away part way: what to tell the reader.</param>
public sealed record ImportReport(ImportSummary Summary, IReadOnlyDictionary<long, string> Titles, string? Interruption)
{
    public IReadOnlyList<long> Stored => [.. Summary.Files.SelectMany(f => f.TranscriptIds)];

    /// <summary>Nothing new was stored and some file failed: the request as a whole did not work.</summary>
    public bool NothingImported => Interruption is null && Summary.Imported == 0 && Summary.Failed > 0;
}

/// <summary>
/// One import, the same for the API and the import page: checks what was sent, downloads a URL, stores
/// each transcript whole (through <see cref="ImportService"/>), reports file by file, and says honestly
/// how far it got when the database goes away.
/// </summary>
public sealed class ImportRun(ImportService importer, InstanceSettings instance, AppDbContext db, IOptions<ImportSettings> settings, ILogger<ImportRun> logger)
{
    /// <summary>
    /// Checks the format, collection and the reader's daily quota, downloads the URL and collects the files; a
    /// mistake in the request is an invalid outcome (a used-up quota a limit-reached one) and nothing is stored. A URL that cannot be fetched next to other files is not
    /// a mistake of the whole request: it becomes a failed file of the import.
    /// </summary>
    public async Task<Outcome<PreparedImport>> PrepareAsync(ImportInput input, CancellationToken ct = default)
    {
        var files = new List<ImportFile>(input.Files);
        if (input.PastedText is { } pasted)
        {
            var title = input.PastedTitle?.Trim();
            files.Add(new ImportFile(string.IsNullOrEmpty(title) ? "pasted text" : title, System.Text.Encoding.UTF8.GetBytes(pasted)));
        }
        if (input.Format is { } format && !TranscriptFormats.All.Contains(format))
        {
            return Failure.Invalid($"Unknown format '{format}'. Use one of: {string.Join(", ", TranscriptFormats.All)}, or leave it empty to detect.");
        }
        if (ImportService.ValidateCollection(input.Collection) is { } collectionError)
        {
            return Failure.Invalid(collectionError);
        }
        // Before downloading anything: a reader whose daily quota is used up gets a 429 that says until when.
        if (input.UserId is { } userId && await importer.QuotaAsync(userId, ct) is { UsedUp: true } quota)
        {
            return Failure.LimitReached(ImportService.QuotaUsedUpMessage(quota));
        }

        var fetchErrors = new List<FileImportResult>();
        if (input.Url is { } url)
        {
            var allowPrivate = await instance.GetFlagAsync(InstanceSettings.AllowPrivateImportUrls, ct);
            var limits = settings.Value;
            var fetched = await new UrlFetcher(limits.MaxUrlBytes, TimeSpan.FromSeconds(limits.UrlTimeoutSeconds)).FetchAsync(url, allowPrivate, ct);
            if (fetched.TryGet(out var file, out var failure))
            {
                files.Add(file);
            }
            else if (files.Count == 0)
            {
                return failure;
            }
            else
            {
                fetchErrors.Add(new FileImportResult(url, [], [], failure.Message));
            }
        }
        if (files.Count == 0 && fetchErrors.Count == 0)
        {
            return Failure.Invalid("Nothing to import: send one or more files (multipart field 'files'), pasted 'text', a 'url', or a raw request body.");
        }
        // A transcript downloaded from a URL names the URL as its source, when it is the only file.
        var sourceUrl = files.Count == 1 && input.Url is not null && fetchErrors.Count == 0 ? input.Url.Trim() : null;
        return new PreparedImport(new ImportRequest(files, input.Format, input.Collection, input.UserId, sourceUrl), fetchErrors);
    }

    /// <summary>
    /// Stores the prepared import, calling <paramref name="progress"/> with each file's result as soon as it
    /// is known (failed URL downloads first). When the database becomes unavailable after some result was
    /// reported or stored, the report says so instead of throwing: the transcripts stored are whole (each has
    /// its own transaction), the one in progress is whole or absent, and a retry skips the stored ones as
    /// duplicates. Before anything happened, the outage propagates as any other (503, nothing was changed).
    /// </summary>
    /// <param name="import">From <see cref="PrepareAsync"/>.</param>
    /// <param name="progress">Receives each file's result; null when the caller only wants the report.</param>
    /// <param name="ct">Stops the import between transcripts.</param>
    public async Task<ImportReport> RunAsync(PreparedImport import, Func<FileImportResult, Task>? progress = null, CancellationToken ct = default)
    {
        var results = new List<FileImportResult>();
        async Task ReportAsync(FileImportResult result)
        {
            results.Add(result);
            if (progress is not null)
            {
                await progress(result);
            }
        }
        try
        {
            foreach (var error in import.FetchErrors)
            {
                await ReportAsync(error);
            }
            await foreach (var result in importer.ImportAsync(import.Request, ct))
            {
                await ReportAsync(result);
            }
            var ids = results.SelectMany(r => r.TranscriptIds).ToList();
            var titles = await db.Transcripts.Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Title, ct);
            return new ImportReport(ImportSummary.From(results), titles, null);
        }
        catch (Exception e) when (DatabaseOutage.Caused(e)
            && (results.Any(r => r.TranscriptIds.Count > 0) || (progress is not null && results.Count > 0)))
        {
            var summary = ImportSummary.From(results);
            logger.LogError(e, "Import stopped after {Files} files and {Stored} new transcripts: the database became unavailable",
                results.Count, summary.Imported);
            return new ImportReport(summary, new Dictionary<long, string>(), InterruptedMessage(results.Count, summary.Imported));
        }
    }

    /// <summary>
    /// What to tell the importer when the database goes away part way through: each transcript is
    /// stored in its own transaction, so those reported as imported are whole, and a retry skips them.
    /// </summary>
    public static string InterruptedMessage(int files, int stored) =>
        $"The database became unavailable during the import, after {files} files. The {stored} transcripts imported "
        + "before then are stored complete; the rest were not imported. Send the same files again once it is back: "
        + "transcripts already stored are skipped as duplicates.";
}
