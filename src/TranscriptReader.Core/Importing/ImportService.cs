using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Text;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <param name="Files">Uploaded files (a ZIP is expanded by the parser).</param>
/// <param name="Format">Forces a format instead of detecting it; null detects.</param>
/// <param name="Collection">Collection name to put the new transcripts in; created when missing.</param>
/// <param name="UserId">The importing user.</param>
/// <param name="SourceUrl">For URL imports: stored as the source instead of the file name.</param>
public sealed record ImportRequest(
    IReadOnlyList<ImportFile> Files, string? Format, string? Collection, string? UserId, string? SourceUrl = null);

public sealed record DuplicateTranscript(string Title, long ExistingId);

/// <summary>What happened to one file (or ZIP entry): new transcript ids, duplicates skipped, or the error.</summary>
public sealed record FileImportResult(
    string FileName, IReadOnlyList<long> TranscriptIds, IReadOnlyList<DuplicateTranscript> Duplicates, string? Error);

public sealed record ImportSummary(int Imported, int Duplicates, int Failed, IReadOnlyList<FileImportResult> Files)
{
    public static ImportSummary From(IReadOnlyList<FileImportResult> files) => new(
        files.Sum(f => f.TranscriptIds.Count),
        files.Sum(f => f.Duplicates.Count),
        files.Count(f => f.Error is not null),
        files);
}

/// <summary>Where a reader stands against the daily import quota (<see cref="ImportSettings.DailyTranscriptsPerUser"/>).</summary>
/// <param name="Used">New transcripts the reader imported in the last 24 hours.</param>
/// <param name="Limit">The quota.</param>
/// <param name="FreesAt">When, with no new imports, the reader may import again (only when the quota is used up).</param>
public sealed record ImportQuota(int Used, int Limit, DateTimeOffset? FreesAt)
{
    public bool UsedUp => Used >= Limit;
}

/// <summary>
/// Stores parsed transcripts. Each transcript is written in its own transaction, so it is stored
/// in full or not at all; a transcript whose content hash already exists is skipped as a duplicate.
/// Results are yielded file by file so callers can show progress while a large upload runs.
/// </summary>
/// <remarks>
/// The daily quota is checked in each transcript's transaction under a per-reader advisory lock, so parallel
/// imports by one reader cannot overshoot it; once it is reached the rest of the import is refused (duplicates
/// are still recognised) and the file's result says how many transcripts were not imported.
/// </remarks>
public sealed class ImportService(AppDbContext db, TimeProvider clock, ILogger<ImportService> logger, IOptions<ImportSettings> settings)
{
    public const int MaxCollectionNameLength = 200;

    /// <summary>The window of the daily quota.</summary>
    public static readonly TimeSpan QuotaWindow = TimeSpan.FromHours(24);

    // Source and SourceFile.FileName column lengths.
    private const int MaxSourceLength = 2000;
    private const int MaxFileNameLength = 1000;

    // pg_advisory_xact_lock(key1, key2): key1 names the purpose, key2 the reader.
    private const int QuotaLockKey = 727101;

    private static readonly JsonSerializerOptions MetadataJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly TranscriptParser parser = new();

    public ImportLimits Limits { get; } = settings.Value.ParserLimits;

    public async IAsyncEnumerable<FileImportResult> ImportAsync(ImportRequest request, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var collection = new PendingCollection(request.Collection);
        var quotaReached = false;
        foreach (var file in request.Files)
        {
            var sourceFile = new PendingSourceFile(file);
            foreach (var parsed in parser.Parse(file, request.Format, Limits))
            {
                ct.ThrowIfCancellationRequested();
                if (parsed.Error is not null)
                {
                    yield return new FileImportResult(parsed.FileName, [], [], parsed.Error);
                    continue;
                }
                var ids = new List<long>();
                var duplicates = new List<DuplicateTranscript>();
                var refused = 0;
                foreach (var transcript in parsed.Transcripts)
                {
                    var stored = await StoreAsync(transcript, parsed.FileName, request, collection, sourceFile, quotaReached, ct);
                    if (stored.Id is { } newId)
                    {
                        ids.Add(newId);
                    }
                    else if (stored.ExistingId is { } existing)
                    {
                        duplicates.Add(new DuplicateTranscript(transcript.Title, existing));
                    }
                    else
                    {
                        quotaReached = true;
                        refused++;
                    }
                }
                logger.LogInformation("Imported {FileName}: {Imported} new, {Duplicates} duplicates, {Refused} over the daily quota",
                    parsed.FileName, ids.Count, duplicates.Count, refused);
                yield return new FileImportResult(parsed.FileName, ids, duplicates, refused > 0 ? QuotaMessage(refused, parsed.Transcripts.Count) : null);
            }
        }
    }

    /// <summary>How many new transcripts <paramref name="userId"/> imported in the last 24 hours, against the quota.</summary>
    public async Task<ImportQuota> QuotaAsync(string userId, CancellationToken ct = default)
    {
        var limit = settings.Value.DailyTranscriptsPerUser;
        var since = clock.GetUtcNow() - QuotaWindow;
        var recent = db.Transcripts.AsNoTracking().Where(t => t.ImportedById == userId && t.ImportedAt > since);
        var used = await recent.CountAsync(ct);
        if (used < limit)
        {
            return new ImportQuota(used, limit, null);
        }
        // Importing works again once all but limit - 1 of these are older than the window.
        var freeing = await recent.OrderBy(t => t.ImportedAt).Skip(used - limit).Select(t => t.ImportedAt).FirstAsync(ct);
        return new ImportQuota(used, limit, freeing + QuotaWindow);
    }

    /// <summary>Why an import is refused before it starts: the quota is used up.</summary>
    public static string QuotaUsedUpMessage(ImportQuota quota) =>
        $"You reached the daily import limit: {quota.Used:N0} new transcripts in the last 24 hours, and this instance allows "
        + $"{quota.Limit:N0} per reader. You can import again from {quota.FreesAt:yyyy-MM-dd HH:mm} UTC.";

    private string QuotaMessage(int refused, int total) =>
        $"{refused:N0} of its {total:N0} transcripts were not imported: you reached the daily import limit of "
        + $"{settings.Value.DailyTranscriptsPerUser:N0} new transcripts per reader (imports of the last 24 hours count). "
        + "Send it again later: transcripts already stored are skipped as duplicates.";

    public async Task<ImportSummary> ImportAllAsync(ImportRequest request, CancellationToken ct = default)
    {
        var results = new List<FileImportResult>();
        await foreach (var r in ImportAsync(request, ct))
        {
            results.Add(r);
        }
        return ImportSummary.From(results);
    }

    /// <summary>Checks a collection name; null when acceptable.</summary>
    public static string? ValidateCollection(string? name) =>
        name is null ? null
        : name.Trim().Length > MaxCollectionNameLength ? $"A collection name can have at most {MaxCollectionNameLength} characters."
        : name.Any(char.IsControl) ? "A collection name cannot contain control characters."
        : TextRules.Check(name, "The collection name");

    private async Task<int?> EnsureCollectionAsync(string? name, CancellationToken ct)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        if (ValidateCollection(name) is { } error)
        {
            throw new ArgumentException(error, nameof(name));
        }
        // Two uploads naming the same new collection at once must end up in one collection.
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO collections (name, created_at) VALUES ({0}, {1}) ON CONFLICT (name) DO NOTHING",
            [name, clock.GetUtcNow()], ct);
        return await db.Collections.Where(c => c.Name == name).Select(c => c.Id).SingleAsync(ct);
    }

    /// <summary>A transcript stored (<paramref name="Id"/>), skipped as a duplicate of <paramref name="ExistingId"/>, or neither: over the quota.</summary>
    private sealed record Stored(long? Id, long? ExistingId);

    private async Task<Stored> StoreAsync(
        ParsedTranscript parsed, string fileName, ImportRequest request, PendingCollection collection, PendingSourceFile sourceFile, bool quotaReached,
        CancellationToken ct)
    {
        var existing = await ExistingIdAsync(parsed.ContentHash, ct);
        if (existing is not null)
        {
            return new(null, existing);
        }
        if (quotaReached)
        {
            return new(null, null);
        }
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (request.UserId is { } userId && !await WithinQuotaAsync(userId, ct))
            {
                await tx.RollbackAsync(ct);
                return new(null, null);
            }
            // Created with the first transcript stored in it, so an import that stores nothing creates no collection.
            var collectionId = collection.Id ?? await EnsureCollectionAsync(collection.Name, ct);
            var sourceFileId = sourceFile.Id ?? await SaveSourceFileAsync(sourceFile.File, ct);
            var now = clock.GetUtcNow();
            var transcript = new Transcript
            {
                Title = parsed.Title,
                // Names come from uploads and archives: make them storable (NUL) and fit the column.
                Source = TextCleanup.Clamp(request.SourceUrl ?? fileName, MaxSourceLength),
                SourceLocator = parsed.SourceLocator,
                Format = parsed.Format,
                Model = parsed.Model,
                MetadataJson = SanitizedJson(parsed.Metadata),
                CollectionId = collectionId,
                ImportedById = request.UserId,
                ImportedAt = now,
                LastActivityAt = now,
                ContentHash = parsed.ContentHash,
                SourceFileId = sourceFileId,
                CharCount = parsed.CharCount,
            };
            db.Transcripts.Add(transcript);
            await db.SaveChangesAsync(ct);
            for (var m = 0; m < parsed.Messages.Count; m++)
            {
                var pm = parsed.Messages[m];
                var message = new Message { TranscriptId = transcript.Id, Ordinal = m, Role = pm.Role, Speaker = pm.Speaker };
                for (var b = 0; b < pm.Blocks.Count; b++)
                {
                    var pb = pm.Blocks[b];
                    message.Blocks.Add(new Block { TranscriptId = transcript.Id, Ordinal = b, Kind = pb.Kind, Text = pb.Text, Caption = pb.Caption });
                }
                db.Messages.Add(message);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            collection.Id = collectionId;
            sourceFile.Id = sourceFileId;
            return new(transcript.Id, null);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another upload stored the same content a moment ago.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new(null, await ExistingIdAsync(parsed.ContentHash, ct) ?? 0);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Inside the transcript's transaction: waits for the reader's other imports (advisory lock until commit), then
    /// counts what they imported in the window, so the new transcript is stored only while below the quota.
    /// </summary>
    private async Task<bool> WithinQuotaAsync(string userId, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0}, hashtext({1}))", [QuotaLockKey, userId], ct);
        var since = clock.GetUtcNow() - QuotaWindow;
        var used = await db.Transcripts.CountAsync(t => t.ImportedById == userId && t.ImportedAt > since, ct);
        return used < settings.Value.DailyTranscriptsPerUser;
    }

    private Task<long?> ExistingIdAsync(string hash, CancellationToken ct) =>
        db.Transcripts.Where(t => t.ContentHash == hash).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);

    private async Task<long> SaveSourceFileAsync(ImportFile file, CancellationToken ct)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(file.Bytes));
        var existing = await db.SourceFiles.Where(f => f.Sha256 == sha).Select(f => (long?)f.Id).FirstOrDefaultAsync(ct);
        if (existing is { } id)
        {
            return id;
        }
        var entity = new SourceFile { FileName = TextCleanup.Clamp(file.FileName, MaxFileNameLength), Sha256 = sha, Bytes = file.Bytes, UploadedAt = clock.GetUtcNow() };
        db.SourceFiles.Add(entity);
        await db.SaveChangesAsync(ct);
        return entity.Id;
    }

    /// <summary>PostgreSQL's jsonb refuses the NUL character, which published metadata occasionally contains.</summary>
    internal static string SanitizedJson(JsonObject metadata)
    {
        var json = metadata.ToJsonString(MetadataJson);
        return json.Contains("\\u0000", StringComparison.Ordinal) ? json.Replace("\\u0000", "\\uFFFD", StringComparison.Ordinal) : json;
    }

    /// <summary>The collection named by the import, created with the first new transcript that goes into it.</summary>
    private sealed class PendingCollection(string? name)
    {
        public string? Name { get; } = name;
        public int? Id { get; set; }
    }

    /// <summary>An uploaded file whose bytes are stored with the first new transcript that comes from it.</summary>
    private sealed class PendingSourceFile(ImportFile file)
    {
        public ImportFile File { get; } = file;
        public long? Id { get; set; }
    }
}
