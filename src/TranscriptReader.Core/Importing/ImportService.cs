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

/// <summary>
/// Stores parsed transcripts. Each transcript is written in its own transaction, so it is stored
/// in full or not at all; a transcript whose content hash already exists is skipped as a duplicate.
/// Results are yielded file by file so callers can show progress while a large upload runs.
/// </summary>
public sealed class ImportService(AppDbContext db, TimeProvider clock, ILogger<ImportService> logger, IOptions<ImportSettings> settings)
{
    public const int MaxCollectionNameLength = 200;

    private static readonly JsonSerializerOptions MetadataJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly TranscriptParser parser = new();

    public ImportLimits Limits { get; } = settings.Value.ParserLimits;

    public async IAsyncEnumerable<FileImportResult> ImportAsync(ImportRequest request, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var collectionId = await EnsureCollectionAsync(request.Collection, ct);
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
                foreach (var transcript in parsed.Transcripts)
                {
                    var (id, existing) = await StoreAsync(transcript, parsed.FileName, request, collectionId, sourceFile, ct);
                    if (id is { } newId)
                    {
                        ids.Add(newId);
                    }
                    else
                    {
                        duplicates.Add(new DuplicateTranscript(transcript.Title, existing!.Value));
                    }
                }
                logger.LogInformation("Imported {FileName}: {Imported} new, {Duplicates} duplicates", parsed.FileName, ids.Count, duplicates.Count);
                yield return new FileImportResult(parsed.FileName, ids, duplicates, null);
            }
        }
    }

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
                    message.Blocks.Add(new Block { TranscriptId = transcript.Id, Ordinal = b, Kind = pb.Kind, Text = pb.Text, Caption = pb.Caption });
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
            return (null, await ExistingIdAsync(parsed.ContentHash, ct) ?? 0);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
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
