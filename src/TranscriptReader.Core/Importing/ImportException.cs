namespace TranscriptReader.Core.Importing;

/// <summary>
/// Bad input found while parsing. Its message is relative ("line 7: ..."): the parser prefixes
/// the file name and turns it into a failed <see cref="FileParseResult"/>; it never escapes Parse.
/// </summary>
internal class ImportException(string message) : Exception(message)
{
    public ImportException Within(string context) => this is ArchiveLimitException
        ? new ArchiveLimitException($"{context}: {Message}")
        : new ImportException($"{context}: {Message}");
}

/// <summary>A ZIP exceeded a size or entry cap: the whole archive fails, not just one entry.</summary>
internal sealed class ArchiveLimitException(string message) : ImportException(message);
