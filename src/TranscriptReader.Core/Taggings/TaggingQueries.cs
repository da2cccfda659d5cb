using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Core.Taggings;

/// <summary>A tagging as readers see it: canonical label, who applied it, votes and status.</summary>
public sealed record TaggingView(
    long Id,
    long BlockId,
    int Start,
    int End,
    string Quote,
    string Prefix,
    string Suffix,
    int LabelId,
    string Label,
    string Color,
    string AppliedLabel,
    string UserId,
    string User,
    int Agrees,
    int Disputes,
    int MyVote,
    string Status,
    DateTimeOffset CreatedAt,
    long? AlternativeTo = null);

/// <summary>Read queries over taggings, shared by the transcript page and the JSON API.</summary>
public sealed class TaggingQueries(AppDbContext db)
{
    /// <summary>
    /// Every tagging of a transcript in reading order (message, block, start, end), in one query:
    /// vote counts are correlated subqueries on the votes primary key. A tagger's own vote on their tagging
    /// is left out of its counts (see <see cref="TaggingStatus"/>).
    /// </summary>
    public async Task<List<TaggingView>> ForTranscriptAsync(long transcriptId, string? viewerId, CancellationToken ct = default)
    {
        var rows = await (
            from t in db.Taggings.AsNoTracking()
            where t.TranscriptId == transcriptId
            join b in db.Blocks on t.BlockId equals b.Id
            join m in db.Messages on b.MessageId equals m.Id
            join c in db.LabelCanonicals on t.LabelId equals c.Id
            join l in db.Labels on c.CanonicalId equals l.Id
            join u in db.Users on t.UserId equals u.Id
            orderby m.Ordinal, b.Ordinal, t.Start, t.End, t.Id
            select new
            {
                t.Id, t.BlockId, t.Start, t.End, t.Quote, t.Prefix, t.Suffix, LabelId = l.Id,
                Label = l.Name, l.Color, t.AppliedLabelName, t.UserId, User = u.UserName, t.CreatedAt, t.AlternativeToId,
                Agrees = db.Votes.Count(v => v.TaggingId == t.Id && v.Value > 0 && v.UserId != t.UserId),
                Disputes = db.Votes.Count(v => v.TaggingId == t.Id && v.Value < 0 && v.UserId != t.UserId),
                MyVote = db.Votes.Where(v => v.TaggingId == t.Id && v.UserId == viewerId).Select(v => (int)v.Value).FirstOrDefault(),
            }).ToListAsync(ct);
        return rows.ConvertAll(r => new TaggingView(
            r.Id, r.BlockId, r.Start, r.End, r.Quote, r.Prefix, r.Suffix, r.LabelId, r.Label, r.Color,
            r.AppliedLabelName, r.UserId, r.User ?? "", r.Agrees, r.Disputes, r.MyVote,
            TaggingStatus.SqlName(TaggingStatus.Of(r.Agrees, r.Disputes)), r.CreatedAt, r.AlternativeToId));
    }
}
