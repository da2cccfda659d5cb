using Microsoft.EntityFrameworkCore;
using Npgsql;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Agreement;

/// <summary>A reader's done mark on one transcript, and how many readers finished it.</summary>
public sealed record DoneState(long TranscriptId, string Title, bool Done, DateTimeOffset? MarkedAt, int Readers);

/// <summary>Readers marking their reading of a transcript done, and undoing it. Both are idempotent.</summary>
public sealed class DoneMarks(AppDbContext db, TimeProvider clock)
{
    public async Task<Outcome<DoneState>> MarkAsync(string userId, long transcriptId, CancellationToken ct = default)
    {
        if (!await db.Transcripts.AnyAsync(t => t.Id == transcriptId, ct))
        {
            return NoTranscript(transcriptId);
        }
        try
        {
            // ON CONFLICT keeps a second mark (a double click, a retry) from failing or moving the first one's time.
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO done_marks (transcript_id, user_id, marked_at) VALUES ({transcriptId}, {userId}, {clock.GetUtcNow()}) ON CONFLICT DO NOTHING", ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // The transcript was deleted a moment ago.
            return NoTranscript(transcriptId);
        }
        return await StateAsync(userId, transcriptId, ct) is { } state ? state : NoTranscript(transcriptId);
    }

    public async Task<Outcome<DoneState>> UndoAsync(string userId, long transcriptId, CancellationToken ct = default)
    {
        if (!await db.Transcripts.AnyAsync(t => t.Id == transcriptId, ct))
        {
            return NoTranscript(transcriptId);
        }
        await db.DoneMarks.Where(d => d.TranscriptId == transcriptId && d.UserId == userId).ExecuteDeleteAsync(ct);
        return await StateAsync(userId, transcriptId, ct) is { } state ? state : NoTranscript(transcriptId);
    }

    /// <summary>The reader's mark (none for a visitor) and the number of done readers; null when there is no such transcript.</summary>
    public async Task<DoneState?> StateAsync(string? userId, long transcriptId, CancellationToken ct = default)
    {
        var title = await db.Transcripts.AsNoTracking().Where(t => t.Id == transcriptId).Select(t => t.Title).SingleOrDefaultAsync(ct);
        if (title is null)
        {
            return null;
        }
        var marks = await db.DoneMarks.AsNoTracking().Where(d => d.TranscriptId == transcriptId)
            .Select(d => new { d.UserId, d.MarkedAt }).ToListAsync(ct);
        var mine = marks.FirstOrDefault(m => m.UserId == userId);
        return new DoneState(transcriptId, title, mine is not null, mine?.MarkedAt, marks.Count);
    }

    private static Failure NoTranscript(long id) => Failure.NotFound($"There is no transcript {id}.");
}
