namespace TranscriptReader.Core.Importing;

/// <summary>
/// What an import reports as it goes, in order: for each file (or ZIP entry) that parsed, a
/// <see cref="FileParsed"/>, then one <see cref="TranscriptStored"/> per transcript, then its
/// <see cref="FileFinished"/>; a file that failed to parse gives only its <see cref="FileFinished"/>.
/// </summary>
public abstract record ImportEvent;

/// <summary>A file was read whole and holds <paramref name="Transcripts"/> transcripts, about to be stored.</summary>
/// <param name="FileName">The file, or "archive.zip/entry.json".</param>
/// <param name="Transcripts">How many it holds.</param>
public sealed record FileParsed(string FileName, int Transcripts) : ImportEvent;

/// <summary>One transcript of a file was stored (whole, in its own transaction) or found to be a duplicate.</summary>
/// <param name="FileName">The file it came from.</param>
/// <param name="Done">How many of the file's transcripts are done, this one included.</param>
/// <param name="Total">How many the file holds.</param>
/// <param name="Title">Its title.</param>
/// <param name="Id">The new transcript's id; null for a duplicate.</param>
/// <param name="ExistingId">For a duplicate: the transcript already stored with this content.</param>
public sealed record TranscriptStored(string FileName, int Done, int Total, string Title, long? Id, long? ExistingId) : ImportEvent;

/// <summary>A file is done: what was stored, skipped, or why it failed.</summary>
public sealed record FileFinished(FileImportResult Result) : ImportEvent;
