using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Importing.Recipes;
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
/// <param name="Recipe">The name of a saved field mapping to read the files with instead of a format.</param>
/// <param name="RecipeDocument">A field mapping sent with the request (JSON), for one not saved yet.</param>
public sealed record ImportInput(
    IReadOnlyList<ImportFile> Files, string? PastedText, string? PastedTitle, string? Url, string? Format, string? Collection, string? UserId,
    string? Recipe = null, string? RecipeDocument = null);

/// <summary>An import that passed the checks: what to store, and the URL that could not be fetched (reported as a failed file).</summary>
public sealed record PreparedImport(ImportRequest Request, IReadOnlyList<FileImportResult> FetchErrors);

/// <summary>How an import run ended.</summary>
/// <param name="Summary">Every file's result, in the order they were reported.</param>
/// <param name="Titles">The title of each new transcript, by id (empty after an interruption).</param>
/// <param name="Interruption">Set when the database went away part way: what to tell the reader.</param>
/// <param name="Cancelled">The request was cancelled (the client went away) before the import finished.</param>
public sealed record ImportReport(ImportSummary Summary, IReadOnlyDictionary<long, string> Titles, string? Interruption, bool Cancelled = false)
{
    public IReadOnlyList<long> Stored => [.. Summary.Files.SelectMany(f => f.TranscriptIds)];

    /// <summary>
    /// Nothing was stored or recognised and some file failed: the request as a whole did not work. A duplicate
    /// counts as recognised: it joined the collection the import names, so the request did something.
    /// </summary>
    public bool NothingImported => Interruption is null && Summary.Imported == 0 && Summary.Duplicates == 0 && Summary.Failed > 0;
}

/// <summary>
/// One import, the same for the API and the import page: checks what was sent, downloads a URL, stores
/// each transcript whole (through <see cref="ImportService"/>), reports transcript by transcript and file
/// by file, says honestly how far it got when the database goes away, and stops at the next transcript
/// when the request is cancelled.
/// </summary>
public sealed class ImportRun(
    ImportService importer, RecipeLibrary recipes, InstanceSettings instance, AppDbContext db, IOptions<ImportSettings> settings, ILogger<ImportRun> logger)
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
        var recipe = await ResolveRecipeAsync(input, ct);
        if (!recipe.Ok)
        {
            return recipe.Failure!;
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
        return new PreparedImport(new ImportRequest(files, input.Format, input.Collection, input.UserId, sourceUrl, recipe.Value), fetchErrors);
    }

    /// <summary>The field mapping the request names or sends, if any; a format and a mapping together are a mistake.</summary>
    private async Task<Outcome<ImportRecipe?>> ResolveRecipeAsync(ImportInput input, CancellationToken ct)
    {
        if (input.Recipe is null && input.RecipeDocument is null)
        {
            return Outcome<ImportRecipe?>.Success(null);
        }
        if (input.Recipe is not null && input.RecipeDocument is not null)
        {
            return Failure.Invalid("Send either 'recipe' (the name of a saved field mapping) or 'recipeDocument' (a field mapping), not both.");
        }
        if (input.Format is not null)
        {
            return Failure.Invalid("A field mapping replaces format detection: send either 'format' or a recipe, not both.");
        }
        if (input.Recipe is { } name)
        {
            return (await recipes.FindAsync(name, ct)).TryGet(out var saved, out var missing) ? saved : missing;
        }
        return RecipeJson.Read(input.RecipeDocument!).TryGet(out var sent, out var invalid)
            ? sent
            : invalid with { Message = "The field mapping is not valid: " + invalid.Message };
    }

    /// <summary>
    /// Stores the prepared import, calling <paramref name="progress"/> with each event as soon as it happens
    /// (failed URL downloads first, as finished files). When the database becomes unavailable after something
    /// was reported or stored, the report says so instead of throwing: the transcripts stored are whole (each
    /// has its own transaction), the one in progress is whole or absent, and a retry skips the stored ones as
    /// duplicates. Before anything happened, the outage propagates as any other (503, nothing was changed).
    /// When <paramref name="ct"/> is cancelled (the client went away or pressed Cancel), it stops before the
    /// next transcript and reports what was stored, with <see cref="ImportReport.Cancelled"/> set.
    /// </summary>
    /// <param name="import">From <see cref="PrepareAsync"/>.</param>
    /// <param name="progress">Receives each event; null when the caller only wants the report.</param>
    /// <param name="ct">Stops the import between transcripts.</param>
    public async Task<ImportReport> RunAsync(PreparedImport import, Func<ImportEvent, Task>? progress = null, CancellationToken ct = default)
    {
        var results = new List<FileImportResult>();
        var stored = 0;
        var reported = false;
        PartialFile? current = null;
        async Task ReportAsync(ImportEvent e)
        {
            switch (e)
            {
                case FileParsed parsed:
                    current = new PartialFile(parsed.FileName, parsed.Transcripts);
                    break;
                case TranscriptStored step:
                    current?.Add(step);
                    stored += step.Id is null ? 0 : 1;
                    break;
                case FileFinished finished:
                    results.Add(finished.Result);
                    current = null;
                    break;
            }
            if (progress is not null)
            {
                reported = true;
                await progress(e);
            }
        }
        try
        {
            foreach (var error in import.FetchErrors)
            {
                await ReportAsync(new FileFinished(error));
            }
            await foreach (var e in importer.ImportAsync(import.Request, ct))
            {
                await ReportAsync(e);
            }
            var ids = results.SelectMany(r => r.TranscriptIds).ToList();
            var titles = await db.Transcripts.Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Title, ct);
            return new ImportReport(ImportSummary.From(results), titles, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            logger.LogInformation("Import cancelled after {Files} files and {Stored} new transcripts", results.Count, stored);
            return new ImportReport(ImportSummary.From([.. results, .. Partial(current)]), new Dictionary<long, string>(), null, Cancelled: true);
        }
        catch (Exception e) when (DatabaseOutage.Caused(e) && (stored > 0 || reported))
        {
            logger.LogError(e, "Import stopped after {Files} files and {Stored} new transcripts: the database became unavailable",
                results.Count, stored);
            var files = results.Count;
            return new ImportReport(ImportSummary.From([.. results, .. Partial(current)]), new Dictionary<long, string>(), InterruptedMessage(files, stored));
        }
    }

    /// <summary>The file that was being stored when the import stopped: its transcripts stored so far are whole and reported.</summary>
    private static IEnumerable<FileImportResult> Partial(PartialFile? file) =>
        file is null || file.Done == 0 ? [] : [file.Result()];

    private sealed class PartialFile(string fileName, int total)
    {
        private readonly List<long> ids = [];
        private readonly List<DuplicateTranscript> duplicates = [];

        public int Done => ids.Count + duplicates.Count;

        public void Add(TranscriptStored step)
        {
            if (step.Id is { } id)
            {
                ids.Add(id);
            }
            else if (step.ExistingId is { } existing)
            {
                duplicates.Add(new DuplicateTranscript(step.Title, existing));
            }
        }

        public FileImportResult Result() =>
            new(fileName, ids, duplicates, $"{fileName}: stopped after {Done:N0} of {total:N0} transcripts; those are stored whole, the rest were not imported");
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
