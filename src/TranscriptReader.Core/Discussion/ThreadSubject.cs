using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Core.Discussion;

/// <summary>What a thread hangs on: the transcript it belongs to (also for a tagging's thread) and whether it is locked.</summary>
internal sealed record ThreadSubject(long TranscriptId, string TranscriptTitle, bool Locked)
{
    /// <summary>The subject of <paramref name="key"/>; null when the transcript or tagging does not exist.</summary>
    public static async Task<ThreadSubject?> FindAsync(AppDbContext db, ThreadKey key, CancellationToken ct)
    {
        if (key.TaggingId is { } taggingId)
        {
            return await (from t in db.Taggings.AsNoTracking()
                          where t.Id == taggingId
                          join tr in db.Transcripts on t.TranscriptId equals tr.Id
                          select new ThreadSubject(tr.Id, tr.Title, t.CommentsLocked)).FirstOrDefaultAsync(ct);
        }
        return await db.Transcripts.AsNoTracking().Where(t => t.Id == key.TranscriptId)
            .Select(t => new ThreadSubject(t.Id, t.Title, t.CommentsLocked)).FirstOrDefaultAsync(ct);
    }
}
