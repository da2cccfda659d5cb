using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Core.Discussion;

/// <summary>
/// How many comments the lists and the transcript page show next to transcripts and taggings. A count means
/// comments that are neither deleted nor hidden, the same rule as <see cref="DiscussionThread.VisibleCount"/>.
/// </summary>
public sealed class DiscussionCounts(AppDbContext db)
{
    /// <summary>Visible comments (not deleted, not hidden) in each tagging's thread; taggings without comments are absent.</summary>
    public async Task<Dictionary<long, int>> CountsForTaggingsAsync(IEnumerable<long> taggingIds, CancellationToken ct = default)
    {
        var ids = taggingIds.Distinct().ToArray();
        return await db.Comments.AsNoTracking()
            .Where(c => c.TaggingId != null && ids.Contains(c.TaggingId.Value) && c.DeletedAt == null && c.HiddenAt == null)
            .GroupBy(c => c.TaggingId!.Value)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }

    /// <summary>Visible comments in each transcript's own thread (not its taggings' threads); transcripts without comments are absent.</summary>
    public async Task<Dictionary<long, int>> CountsForTranscriptsAsync(IEnumerable<long> transcriptIds, CancellationToken ct = default)
    {
        var ids = transcriptIds.Distinct().ToArray();
        return await db.Comments.AsNoTracking()
            .Where(c => c.TranscriptId != null && ids.Contains(c.TranscriptId.Value) && c.DeletedAt == null && c.HiddenAt == null)
            .GroupBy(c => c.TranscriptId!.Value)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }

    /// <summary>
    /// Visible comments in the threads of each transcript's taggings (not its own thread), grouped in one query
    /// for all the transcripts; transcripts without such comments are absent.
    /// </summary>
    public async Task<Dictionary<long, int>> CountsOnTaggingsOfTranscriptsAsync(IEnumerable<long> transcriptIds, CancellationToken ct = default)
    {
        var ids = transcriptIds.Distinct().ToArray();
        return await (from c in db.Comments.AsNoTracking()
                      join g in db.Taggings on c.TaggingId equals g.Id
                      where ids.Contains(g.TranscriptId) && c.DeletedAt == null && c.HiddenAt == null
                      group c by g.TranscriptId into x
                      select new { x.Key, Count = x.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }
}
