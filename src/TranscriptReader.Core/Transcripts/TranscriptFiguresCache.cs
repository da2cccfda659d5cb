using Microsoft.Extensions.Caching.Memory;

namespace TranscriptReader.Core.Transcripts;

/// <summary>What the transcript list shows of a transcript beside its title; a pure function of its page version.</summary>
/// <param name="Messages">Messages of the transcript.</param>
/// <param name="Taggings">Taggings on its passages.</param>
/// <param name="Comments">Visible comments on the transcript and on its taggings.</param>
/// <param name="Done">Readers who marked their reading done.</param>
public sealed record TranscriptFigures(int Messages, int Taggings, int Comments, int Done);

/// <summary>
/// The list's per-transcript figures by transcript and page version (<c>transcript_page_version</c>). Every write
/// that can change a figure (a tagging, comment, done mark, or a message edit) moves that version by trigger, as
/// it does for the transcript page's cache, so an entry is never stale: a changed transcript is asked for under
/// a new key. Shared by the instance's requests; bounded by entry count, idle entries leave after ten minutes.
/// </summary>
public sealed class TranscriptFiguresCache : IDisposable
{
    /// <summary>About 100 bytes each: at most ~10 MB, and ten times the transcripts of a large instance's front pages.</summary>
    public const long MaxEntries = 100_000;

    private static readonly MemoryCacheEntryOptions EntryOptions = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) };
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = MaxEntries, CompactionPercentage = 0.25 });

    public bool TryGet(long transcriptId, long pageVersion, out TranscriptFigures figures)
    {
        if (cache.TryGetValue(new Key(transcriptId, pageVersion), out TranscriptFigures? found) && found is not null)
        {
            figures = found;
            return true;
        }
        figures = null!;
        return false;
    }

    public void Set(long transcriptId, long pageVersion, TranscriptFigures figures) =>
        cache.Set(new Key(transcriptId, pageVersion), figures, EntryOptions);

    public void Dispose() => cache.Dispose();

    private readonly record struct Key(long TranscriptId, long PageVersion);
}
