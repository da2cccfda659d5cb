using TranscriptReader.Core.Importing.Recipes;

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

/// <summary>Where a reader stands against the daily import quota (<see cref="ImportSettings.DailyTranscriptsPerUser"/>).</summary>
/// <param name="Used">New transcripts the reader imported in the last 24 hours.</param>
/// <param name="Limit">The quota.</param>
/// <param name="FreesAt">When, with no new imports, the reader may import again (only when the quota is used up).</param>
public sealed record ImportQuota(int Used, int Limit, DateTimeOffset? FreesAt)
{
    public bool UsedUp => Used >= Limit;
}
