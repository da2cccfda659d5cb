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
/// Also holds the list's count estimates for a minute (<see cref="EstimateAsync"/>).
/// </summary>
public sealed class TranscriptListCache : IDisposable
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

    /// <summary>
    /// The planner's estimate of a filter's matches, held a minute: it moves only when PostgreSQL's statistics
    /// do (ANALYZE), and it is shown as "about N", so a minute's lag claims nothing false.
    /// </summary>
    public async Task<long> EstimateAsync(TranscriptListFilter filter, Func<Task<long>> estimate)
    {
        // The sort does not change the count; the reader does only through "not done by me".
        var key = new EstimateKey(filter.Q, filter.CollectionId, filter.Model, filter.MetadataJson, filter.NotDoneByReader ? filter.Reader : null);
        if (cache.TryGetValue(key, out long known))
        {
            return known;
        }
        var value = await estimate();
        cache.Set(key, value, EstimateOptions);
        return value;
    }

    /// <summary>Forgets everything: for a database emptied and filled again under the same filters (the tests).</summary>
    public void Clear() => cache.Clear();

    public void Dispose() => cache.Dispose();

    private static readonly MemoryCacheEntryOptions EstimateOptions = new() { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) };

    private readonly record struct Key(long TranscriptId, long PageVersion);

    private sealed record EstimateKey(string? Q, int? CollectionId, string? Model, string? MetadataJson, string? NotDoneBy);
}
