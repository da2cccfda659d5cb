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

/// <summary>
/// Stores parsed transcripts. Each transcript is written in its own transaction (with its images), so it
/// is stored in full or not at all; a transcript whose content hash already exists is skipped as a
/// duplicate, and still joins the collection the import names. Events are yielded per transcript and per
/// file so callers can show progress within a large file; cancelling stops before the next transcript.
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

    /// <summary>
    /// Parses and stores each file, yielding <see cref="FileParsed"/>, one <see cref="TranscriptStored"/> per
    /// transcript and <see cref="FileFinished"/> per file (or only the latter, for a file that failed). When
    /// <paramref name="ct"/> is cancelled, it stops before the next transcript (or while parsing) with
    /// <see cref="OperationCanceledException"/>: what was stored stays, each transcript whole.
    /// </summary>
    public async IAsyncEnumerable<ImportEvent> ImportAsync(ImportRequest request, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var collection = new PendingCollection(request.Collection);
        var quotaReached = false;
        foreach (var file in request.Files)
        {
            var sourceFile = new PendingSourceFile(file);
            var results = request.Recipe is { } recipe
                ? parser.ParseWithRecipe(file, recipe, Limits, ct)
                : parser.Parse(file, request.Format, Limits, ct);
            foreach (var parsed in results)
            {
                ct.ThrowIfCancellationRequested();
                if (parsed.Error is not null)
                {
                    yield return new FileFinished(new FileImportResult(parsed.FileName, [], [], parsed.Error, parsed.NoFormatFits));
                    continue;
                }
                yield return new FileParsed(parsed.FileName, parsed.Transcripts.Count);
                var ids = new List<long>();
                var duplicates = new List<DuplicateTranscript>();
                var refused = 0;
                foreach (var transcript in parsed.Transcripts)
                {
                    ct.ThrowIfCancellationRequested();
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
                    yield return new TranscriptStored(
                        parsed.FileName, ids.Count + duplicates.Count + refused, parsed.Transcripts.Count, transcript.Title, stored.Id, stored.ExistingId);
                }
                logger.LogInformation("Imported {FileName}: {Imported} new, {Duplicates} duplicates, {Refused} over the daily quota",
                    parsed.FileName, ids.Count, duplicates.Count, refused);
                yield return new FileFinished(new FileImportResult(
                    parsed.FileName, ids, duplicates, refused > 0 ? QuotaMessage(refused, parsed.Transcripts.Count) : null));
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
        await foreach (var e in ImportAsync(request, ct))
        {
            if (e is FileFinished finished)
            {
                results.Add(finished.Result);
            }
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
            await JoinCollectionAsync(existing.Value, collection, ct);
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
                    if (pb.Image is { } image)
                    {
                        await SaveImageAsync(image, ct);
                    }
                    message.Blocks.Add(new Block
                    {
                        TranscriptId = transcript.Id, Ordinal = b, Kind = pb.Kind, Text = pb.Text, Caption = pb.Caption, ImageSha256 = pb.Image?.Sha256,
                    });
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
            var stored = await ExistingIdAsync(parsed.ContentHash, ct) ?? 0;
            await JoinCollectionAsync(stored, collection, ct);
            return new(null, stored);
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

    /// <summary>
    /// A duplicate found while importing into a collection belongs there too: it becomes its home collection
    /// when it has none, otherwise an extra member (a transcript is in one home collection, and in any number
    /// more through <see cref="CollectionMember"/>). Each statement is safe to repeat.
    /// </summary>
    private async Task JoinCollectionAsync(long transcriptId, PendingCollection pending, CancellationToken ct)
    {
        if (transcriptId == 0 || (pending.Id ?? await EnsureCollectionAsync(pending.Name, ct)) is not { } collection)
        {
            return;
        }
        pending.Id = collection;
        var homed = await db.Database.ExecuteSqlRawAsync(
            "UPDATE transcripts SET collection_id = {0} WHERE id = {1} AND collection_id IS NULL", [collection, transcriptId], ct);
        if (homed == 0)
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO collection_members (collection_id, transcript_id, added_at) SELECT {0}, {1}, {2} "
                + "WHERE NOT EXISTS (SELECT 1 FROM transcripts WHERE id = {1} AND collection_id = {0}) ON CONFLICT DO NOTHING",
                [collection, transcriptId, clock.GetUtcNow()], ct);
        }
    }

    /// <summary>An image is stored once by its hash, inside the transaction of the transcript that first shows it.</summary>
    private Task SaveImageAsync(ParsedImage image, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(
            "INSERT INTO images (sha256, media_type, bytes, created_at) VALUES ({0}, {1}, {2}, {3}) ON CONFLICT (sha256) DO NOTHING",
            [image.Sha256, image.MediaType, image.Bytes, clock.GetUtcNow()], ct);

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
