using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Inbox;

/// <summary>
/// One line of a reader's inbox: one item, or for disputes and counter-proposals all items of one tagging
/// ("3 readers disputed your tag"). <see cref="Ids"/> are the items it stands for (to mark them read).
/// </summary>
public sealed record InboxEntry(
    IReadOnlyList<long> Ids, string Kind, long TranscriptId, string TranscriptTitle, long? TaggingId, string? Label,
    long? CommentId, string? Excerpt, IReadOnlyList<string> Actors, DateTimeOffset At, bool Unread)
{
    /// <summary>The passage with its thread open: the comment's permalink, or the tagging's thread page.</summary>
    public string Link => CommentId is { } c ? $"/Comments/{c}" : $"/Taggings/{TaggingId}";

    /// <summary>"Ada replied to your comment", "3 readers disputed your tag “goal guarding”".</summary>
    public string Summary
    {
        get
        {
            var who = Actors.Count switch
            {
                0 => "A reader",
                1 => Actors[0],
                _ => $"{Actors.Count} readers",
            };
            return Kind switch
            {
                InboxKinds.Reply => $"{who} replied to your comment",
                InboxKinds.Mention => $"{who} mentioned you",
                InboxKinds.Thread => $"{who} commented on your tag “{Label}”",
                InboxKinds.Watch => $"{who} commented on “{TranscriptTitle}”",
                InboxKinds.Dispute => $"{who} disputed your tag “{Label}”",
                InboxKinds.Counter => $"{who} tagged your passage “{Label}” with another label",
                _ => who,
            };
        }
    }
}

/// <summary>
/// A reader's inbox: items written by database triggers (see <see cref="InboxItem"/>), read here. Items about
/// a deleted comment are not shown; about a hidden one, only to moderators, exactly as on the thread page.
/// </summary>
public sealed class InboxService(AppDbContext db, TimeProvider clock)
{
    /// <summary>Lines shown at most, newest first.</summary>
    public const int PageSize = 100;

    // Set by member initialisation, not a constructor, so EF can still filter on it after the projection.
    private sealed class Row
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public long TranscriptId { get; init; }
        public string Title { get; init; } = "";
        public long? TaggingId { get; init; }
        public string? Label { get; init; }
        public long? CommentId { get; init; }
        public string? Body { get; init; }
        public string? Actor { get; init; }
        public DateTimeOffset At { get; init; }
        public bool Unread { get; init; }
    }

    private IQueryable<Row> Visible(string userId, bool moderator) =>
        from i in db.InboxItems.AsNoTracking()
        where i.UserId == userId
        join c0 in db.Comments on i.CommentId equals c0.Id into cs
        from c in cs.DefaultIfEmpty()
        where c == null || (c.DeletedAt == null && (moderator || c.HiddenAt == null))
        join t in db.Transcripts on i.TranscriptId equals t.Id
        join g0 in db.Taggings on i.TaggingId equals g0.Id into gs
        from g in gs.DefaultIfEmpty()
        join a0 in db.Users on i.ActorId equals a0.Id into actors
        from a in actors.DefaultIfEmpty()
        orderby i.CreatedAt descending, i.Id descending
        select new Row
        {
            Id = i.Id, Kind = i.Kind, TranscriptId = i.TranscriptId, Title = t.Title, TaggingId = i.TaggingId,
            Label = g == null ? null : g.AppliedLabelName, CommentId = i.CommentId, Body = c == null ? null : c.Body,
            Actor = a == null ? null : a.UserName, At = i.CreatedAt, Unread = i.ReadAt == null,
        };

    /// <summary>The newest lines, grouped; see <see cref="InboxEntry"/>.</summary>
    public async Task<IReadOnlyList<InboxEntry>> ListAsync(string userId, bool moderator, CancellationToken ct)
    {
        var rows = await Visible(userId, moderator).Take(PageSize * 5).ToListAsync(ct);
        return Group(rows).Take(PageSize).ToList();
    }

    /// <summary>Unread lines (a group counts once).</summary>
    public async Task<int> UnreadCountAsync(string userId, bool moderator, CancellationToken ct)
    {
        var unread = await Visible(userId, moderator).Where(r => r.Unread).Select(r => new { r.Id, r.Kind, r.TaggingId }).Take(1000).ToListAsync(ct);
        return unread.Select(r => InboxKinds.Grouped.Contains(r.Kind) ? $"{r.Kind}:{r.TaggingId}" : $"item:{r.Id}").Distinct().Count();
    }

    /// <summary>Marks the reader's own items read (others' ids are ignored); answers how many changed.</summary>
    public Task<int> MarkReadAsync(string userId, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.InboxItems.Where(i => i.UserId == userId && i.ReadAt == null && ids.Contains(i.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ReadAt, now), ct);
    }

    public Task<int> MarkAllReadAsync(string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.InboxItems.Where(i => i.UserId == userId && i.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ReadAt, now), ct);
    }

    public Task<bool> IsWatchingAsync(string userId, long transcriptId, CancellationToken ct) =>
        db.TranscriptWatches.AnyAsync(w => w.UserId == userId && w.TranscriptId == transcriptId, ct);

    /// <summary>Starts or stops watching a transcript (idempotent); answers whether the reader now watches it.</summary>
    public async Task<Outcome<bool>> WatchAsync(string userId, long transcriptId, bool watch, CancellationToken ct)
    {
        if (!await db.Transcripts.AnyAsync(t => t.Id == transcriptId, ct))
        {
            return Failure.NotFound($"There is no transcript {transcriptId}.");
        }
        if (watch)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO transcript_watches (user_id, transcript_id, created_at) VALUES ({userId}, {transcriptId}, {clock.GetUtcNow()})
                ON CONFLICT DO NOTHING
                """, ct);
        }
        else
        {
            await db.TranscriptWatches.Where(w => w.UserId == userId && w.TranscriptId == transcriptId).ExecuteDeleteAsync(ct);
        }
        return watch;
    }

    private static IEnumerable<InboxEntry> Group(List<Row> rows)
    {
        var seenGroups = new HashSet<(string, long?)>();
        foreach (var r in rows)
        {
            if (!InboxKinds.Grouped.Contains(r.Kind))
            {
                yield return new InboxEntry([r.Id], r.Kind, r.TranscriptId, r.Title, r.TaggingId, r.Label, r.CommentId,
                    r.Body is null ? null : Excerpt(r.Body), r.Actor is null ? [] : [r.Actor], r.At, r.Unread);
                continue;
            }
            if (!seenGroups.Add((r.Kind, r.TaggingId)))
            {
                continue;
            }
            // Rows are newest first, so the group's first row is its newest.
            var members = rows.Where(m => m.Kind == r.Kind && m.TaggingId == r.TaggingId).ToList();
            yield return new InboxEntry(members.ConvertAll(m => m.Id), r.Kind, r.TranscriptId, r.Title, r.TaggingId, r.Label, null, null,
                members.Select(m => m.Actor ?? "deleted reader").Distinct().ToList(), r.At, members.Any(m => m.Unread));
        }
    }

    private static string Excerpt(string body) => body.Length <= 160 ? body : body[..(char.IsHighSurrogate(body[159]) ? 159 : 160)] + "…";
}
