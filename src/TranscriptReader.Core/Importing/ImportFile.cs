namespace TranscriptReader.Core.Importing;

/// <summary>An uploaded file: its name as the user sent it and its bytes.</summary>
public sealed record ImportFile(string FileName, byte[] Bytes);

/// <summary>Size caps applied before and while reading; a ZIP's totals count every entry, nested ones included.</summary>
public sealed record ImportLimits(
    long MaxFileBytes = 50 * 1024 * 1024,
    long MaxZipTotalUncompressedBytes = 500 * 1024 * 1024,
    int MaxZipEntries = 10_000);

/// <summary>
/// The outcome for one file (or one ZIP entry). A file is all-or-nothing: when
/// <see cref="Error"/> is set, <see cref="Transcripts"/> is empty.
/// FileName is "archive.zip/dir/entry.json" for a ZIP entry; Error is a message for the user
/// naming the file and, where known, the line or position. NoFormatFits is set when the file is
/// JSON that no named format fits, so a field mapping (recipe) may read it.
/// </summary>
public sealed record FileParseResult(string FileName, IReadOnlyList<ParsedTranscript> Transcripts, string? Error, bool NoFormatFits = false)
{
    public static FileParseResult Success(string fileName, IReadOnlyList<ParsedTranscript> transcripts) =>
        new(fileName, transcripts, null);

    public static FileParseResult Failure(string fileName, string error) => new(fileName, [], error);

    internal static FileParseResult Failure(string fileName, ImportException error) =>
        new(fileName, [], $"{fileName}: {error.Message}", error.NoFormatFits);
}
