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
using TranscriptReader.Core.Importing.Recipes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <param name="Files">Uploaded files (a ZIP is expanded by the parser).</param>
/// <param name="Format">Forces a format instead of detecting it; null detects.</param>
/// <param name="Collection">Collection name to put the new transcripts in; created when missing.</param>
/// <param name="UserId">The importing user.</param>
/// <param name="SourceUrl">For URL imports: stored as the source instead of the file name.</param>
/// <param name="Recipe">A field mapping to read the files with instead of a format (see Importing/Recipes).</param>
public sealed record ImportRequest(
    IReadOnlyList<ImportFile> Files, string? Format, string? Collection, string? UserId, string? SourceUrl = null, ImportRecipe? Recipe = null);

public sealed record DuplicateTranscript(string Title, long ExistingId);

/// <summary>
/// What happened to one file (or ZIP entry): new transcript ids, duplicates skipped, or the error;
/// NoFormatFits when it failed because it is JSON no named format fits (a field mapping may read it).
/// </summary>
public sealed record FileImportResult(
    string FileName, IReadOnlyList<long> TranscriptIds, IReadOnlyList<DuplicateTranscript> Duplicates, string? Error, bool NoFormatFits = false);

public sealed record ImportSummary(int Imported, int Duplicates, int Failed, IReadOnlyList<FileImportResult> Files)
{
    public static ImportSummary From(IReadOnlyList<FileImportResult> files) => new(
        files.Sum(f => f.TranscriptIds.Count),
        files.Sum(f => f.Duplicates.Count),
        files.Count(f => f.Error is not null),
        files);
}

/// <summary>
/// Stores parsed transcripts. Each transcript is written in its own transaction (with its images), so it
/// is stored in full or not at all; a transcript whose content hash already exists is skipped as a
/// duplicate, and still joins the collection the import names. Events are yielded per transcript and per
/// file so callers can show progress within a large file; cancelling stops before the next transcript.
/// </summary>
public sealed class ImportService(AppDbContext db, TimeProvider clock, ILogger<ImportService> logger, IOptions<ImportSettings> settings)
{
    public const int MaxCollectionNameLength = 200;

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
        var collectionId = await EnsureCollectionAsync(request.Collection, ct);
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
                foreach (var transcript in parsed.Transcripts)
                {
                    ct.ThrowIfCancellationRequested();
                    var (id, existing) = await StoreAsync(transcript, parsed.FileName, request, collectionId, sourceFile, ct);
                    if (id is { } newId)
                    {
                        ids.Add(newId);
                    }
                    else
                    {
                        duplicates.Add(new DuplicateTranscript(transcript.Title, existing!.Value));
                    }
                    yield return new TranscriptStored(parsed.FileName, ids.Count + duplicates.Count, parsed.Transcripts.Count, transcript.Title, id, existing);
                }
                logger.LogInformation("Imported {FileName}: {Imported} new, {Duplicates} duplicates", parsed.FileName, ids.Count, duplicates.Count);
                yield return new FileFinished(new FileImportResult(parsed.FileName, ids, duplicates, null));
            }
        }
    }

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
        name is not null && name.Trim().Length > MaxCollectionNameLength
            ? $"A collection name can have at most {MaxCollectionNameLength} characters."
            : name is not null && name.Any(char.IsControl) ? "A collection name cannot contain control characters." : null;

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

    private async Task<(long? Id, long? ExistingId)> StoreAsync(
        ParsedTranscript parsed, string fileName, ImportRequest request, int? collectionId, PendingSourceFile sourceFile, CancellationToken ct)
    {
        var existing = await ExistingIdAsync(parsed.ContentHash, ct);
        if (existing is not null)
        {
            await JoinCollectionAsync(existing.Value, collectionId, ct);
            return (null, existing);
        }
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var sourceFileId = sourceFile.Id ?? await SaveSourceFileAsync(sourceFile.File, ct);
            var now = clock.GetUtcNow();
            var transcript = new Transcript
            {
                Title = parsed.Title,
                Source = request.SourceUrl ?? fileName,
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
            sourceFile.Id = sourceFileId;
            return (transcript.Id, null);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another upload stored the same content a moment ago.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var stored = await ExistingIdAsync(parsed.ContentHash, ct) ?? 0;
            await JoinCollectionAsync(stored, collectionId, ct);
            return (null, stored);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// A duplicate found while importing into a collection belongs there too: it becomes its home collection
    /// when it has none, otherwise an extra member (a transcript is in one home collection, and in any number
    /// more through <see cref="CollectionMember"/>). Each statement is safe to repeat.
    /// </summary>
    private async Task JoinCollectionAsync(long transcriptId, int? collectionId, CancellationToken ct)
    {
        if (collectionId is not { } collection || transcriptId == 0)
        {
            return;
        }
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
        var entity = new SourceFile { FileName = Truncate(file.FileName, 1000), Sha256 = sha, Bytes = file.Bytes, UploadedAt = clock.GetUtcNow() };
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

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    /// <summary>An uploaded file whose bytes are stored with the first new transcript that comes from it.</summary>
    private sealed class PendingSourceFile(ImportFile file)
    {
        public ImportFile File { get; } = file;
        public long? Id { get; set; }
    }
}
