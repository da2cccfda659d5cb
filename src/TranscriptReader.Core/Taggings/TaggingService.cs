using Microsoft.EntityFrameworkCore;
using Npgsql;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Taggings;

/// <summary>A tagging as stored, with the canonical label it landed on.</summary>
public sealed record AppliedTagging(long Id, int LabelId, string Label, string Color, int Start, int End, string Quote, bool Created, bool LabelCreated);

public sealed record VoteCounts(int Agrees, int Disputes, int MyVote, string Status);

/// <summary>
/// Applying labels to passages, removing taggings and voting on them. Each public method is one
/// user action and either stores everything it needs or nothing.
/// </summary>
public sealed class TaggingService(AppDbContext db, LabelDirectory labels, AuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// Applies a label (id, name or alias; a new name creates the label) to [start, end) of a block.
    /// Applying the same label to the same span again returns the existing tagging with Created false.
    /// Everything the request names (block, offsets, label) is in its body, so a missing block is invalid, not "not found".
    /// </summary>
    public async Task<Outcome<AppliedTagging>> ApplyAsync(string userId, long blockId, int start, int end, string? quote, string? label, CancellationToken ct = default)
    {
        var block = string.IsNullOrWhiteSpace(label) ? null : await db.Blocks.AsNoTracking().Where(b => b.Id == blockId)
            .Select(b => new { b.TranscriptId, b.Text }).SingleOrDefaultAsync(ct);
        if (!Check(label, blockId, block?.Text, start, end, quote).TryGet(out var anchor, out var invalid))
        {
            return invalid;
        }

        // ResolveForApplyAsync locks the label FOR SHARE until this transaction ends, so a concurrent
        // merge cannot leave the new tagging on a merged-away label.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var resolution = await labels.ResolveForApplyAsync(label!, userId, allowCreate: true, ct);
        if (resolution.Label is not { } resolved)
        {
            return Failure.Invalid(resolution.Error ?? "Unknown label.");
        }
        var applied = AppliedName(label!, resolved);

        var existing = await FindSameAsync(userId, blockId, resolved.Id, anchor, ct);
        if (existing is null)
        {
            var tagging = new Tagging
            {
                BlockId = blockId,
                TranscriptId = block!.TranscriptId,
                LabelId = resolved.Id,
                AppliedLabelName = applied,
                UserId = userId,
                Start = anchor.Start,
                End = anchor.End,
                Quote = anchor.Quote,
                Prefix = anchor.Prefix,
                Suffix = anchor.Suffix,
                CreatedAt = clock.GetUtcNow(),
            };
            // A savepoint keeps the transaction usable when a double click races us to the unique index.
            await tx.CreateSavepointAsync("apply_tagging", ct);
            db.Taggings.Add(tagging);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return Success(tagging.Id, resolved, anchor, created: true, resolution.Created);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                await tx.RollbackToSavepointAsync("apply_tagging", ct);
                db.Entry(tagging).State = EntityState.Detached;
                existing = await FindSameAsync(userId, blockId, resolved.Id, anchor, ct);
                if (existing is null)
                {
                    throw;
                }
            }
        }
        await tx.CommitAsync(ct);
        return Success(existing.Value, resolved, anchor, created: false, resolution.Created);
    }

    /// <summary>Removes a tagging: the owner may, and so may a moderator (audited when it is someone else's).</summary>
    public async Task<Outcome> RemoveAsync(string userId, bool isModerator, long taggingId, CancellationToken ct = default)
    {
        var row = await db.Taggings.Where(t => t.Id == taggingId)
            .Join(db.LabelCanonicals, t => t.LabelId, c => c.Id, (t, c) => new { Tagging = t, c.CanonicalId })
            .Join(db.Labels, x => x.CanonicalId, l => l.Id, (x, l) => new { x.Tagging, Label = l.Name })
            .SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return Failure.NotFound($"There is no tagging {taggingId}.");
        }
        var own = row.Tagging.UserId == userId;
        if (!own && !isModerator)
        {
            return Failure.Forbidden("Only the reader who applied this tag, or a moderator, can remove it.");
        }
        db.Taggings.Remove(row.Tagging);
        if (!own)
        {
            audit.Add(userId, "tagging.delete", "tagging", taggingId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new { quote = row.Tagging.Quote, label = row.Label, owner = row.Tagging.UserId, blockId = row.Tagging.BlockId, row.Tagging.Start, row.Tagging.End });
        }
        // One save: the removal and its audit entry are stored together or not at all.
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Failure.NotFound($"Tagging {taggingId} was removed a moment ago.");
        }
        return Outcome.Success;
    }

    /// <summary>Sets the reader's vote on a tagging: 1 agree, -1 dispute, 0 removes the vote.</summary>
    public async Task<Outcome<VoteCounts>> VoteAsync(string userId, long taggingId, int value, CancellationToken ct = default)
    {
        if (value is not (1 or -1 or 0))
        {
            return Failure.Invalid("A vote is 1 (agree), -1 (dispute) or 0 (remove your vote).");
        }
        var owner = await db.Taggings.Where(t => t.Id == taggingId).Select(t => t.UserId).SingleOrDefaultAsync(ct);
        if (owner is null)
        {
            return Failure.NotFound($"There is no tagging {taggingId}.");
        }
        if (value == 0)
        {
            await db.Votes.Where(v => v.TaggingId == taggingId && v.UserId == userId).ExecuteDeleteAsync(ct);
        }
        else
        {
            try
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO votes (tagging_id, user_id, value, created_at)
                    VALUES ({taggingId}, {userId}, {(short)value}, {clock.GetUtcNow()})
                    ON CONFLICT (tagging_id, user_id) DO UPDATE SET value = excluded.value, created_at = excluded.created_at
                    """, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
            {
                return Failure.NotFound($"Tagging {taggingId} was removed a moment ago.");
            }
        }
        return await CountsAsync(taggingId, userId, ct);
    }

    public async Task<VoteCounts> CountsAsync(long taggingId, string? viewerId, CancellationToken ct = default)
    {
        var votes = await db.Votes.AsNoTracking().Where(v => v.TaggingId == taggingId)
            .Select(v => new { v.UserId, v.Value }).ToListAsync(ct);
        var agrees = votes.Count(v => v.Value > 0);
        var disputes = votes.Count(v => v.Value < 0);
        var mine = viewerId is null ? 0 : votes.Where(v => v.UserId == viewerId).Select(v => (int)v.Value).FirstOrDefault();
        return new(agrees, disputes, mine, TaggingStatus.SqlName(TaggingStatus.Of(agrees, disputes)));
    }

    /// <summary>
    /// The checks of one tagging that need only its block's text (null when there is no such block), in the order a
    /// reader is told about them. <see cref="TaggingBatch"/> runs the same checks on every item.
    /// </summary>
    internal static Outcome<AnchoredSpan> Check(string? label, long blockId, string? blockText, int start, int end, string? quote)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return Failure.Invalid("Choose a label or type a new label name.");
        }
        if (blockText is null)
        {
            return Failure.Invalid($"There is no block {blockId}.");
        }
        return SpanAnchor.Create(blockText, start, end, quote);
    }

    /// <summary>The label name kept on the tagging: as typed (trimmed, bounded), or the label's name when it was given by id.</summary>
    internal static string AppliedName(string label, Label resolved)
    {
        var applied = IsId(label) ? resolved.Name : label.Trim();
        return applied.Length > LabelNames.MaxLength ? applied[..LabelNames.MaxLength] : applied;
    }

    private static bool IsId(string s) => s.Trim().All(char.IsAsciiDigit);

    private static AppliedTagging Success(long id, Label label, AnchoredSpan anchor, bool created, bool labelCreated) =>
        new(id, label.Id, label.Name, label.Color, anchor.Start, anchor.End, anchor.Quote, created, labelCreated);

    /// <summary>
    /// The reader's tagging of this span under this (live) label, including one applied under a label
    /// merged into it since: the unique index only sees the label a row was applied with.
    /// </summary>
    private async Task<long?> FindSameAsync(string userId, long blockId, int labelId, AnchoredSpan anchor, CancellationToken ct) =>
        await db.Taggings.Where(t => t.UserId == userId && t.BlockId == blockId
                && t.Start == anchor.Start && t.End == anchor.End
                && db.LabelCanonicals.Any(c => c.Id == t.LabelId && c.CanonicalId == labelId))
            .OrderBy(t => t.Id).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
}
