namespace TranscriptReader.Core.Importing;

/// <summary>
/// Bad input found while parsing. Its message is relative ("line 7: ..."): the parser prefixes
/// the file name and turns it into a failed <see cref="FileParseResult"/>; it never escapes Parse.
/// </summary>
internal class ImportException(string message) : Exception(message)
{
    /// <summary>
    /// The file is readable JSON, but no named format fits its shape: a field mapping (recipe) may read it,
    /// so the import page offers one.
    /// </summary>
    public bool NoFormatFits { get; init; }

    public ImportException Within(string context) => this is ArchiveLimitException
        ? new ArchiveLimitException($"{context}: {Message}")
        : new ImportException($"{context}: {Message}") { NoFormatFits = NoFormatFits };
}

/// <summary>A ZIP exceeded a size or entry cap: the whole archive fails, not just one entry.</summary>
internal sealed class ArchiveLimitException(string message) : ImportException(message);
