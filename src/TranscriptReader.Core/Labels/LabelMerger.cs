using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Labels;

/// <summary>What a merge would do, counted before it runs.</summary>
/// <param name="Moved">Source taggings that move to the target unchanged.</param>
/// <param name="Collapsed">Source taggings deleted because the same reader already has the surviving label on the same span.</param>
/// <param name="VotesTravelling">Votes on moved taggings (they move with them).</param>
/// <param name="VotesMoved">Votes on collapsed taggings moved to the surviving tagging.</param>
/// <param name="VotesDropped">Votes on collapsed taggings whose voter already voted on the surviving tagging (kept in the merge record).</param>
/// <param name="CommentsTravelling">Comments on moved taggings (they move with them).</param>
/// <param name="CommentsRepointed">Comments on collapsed taggings re-pointed to the surviving tagging.</param>
public sealed record MergePreview(int Moved, int Collapsed, int VotesTravelling, int VotesMoved, int VotesDropped, int CommentsTravelling, int CommentsRepointed);

/// <summary>A merge done.</summary>
/// <param name="MergeId">The merge's id, for undoing it.</param>
/// <param name="Moved">Source taggings now counted under the target.</param>
/// <param name="Collapsed">Source taggings folded into the same reader's tagging on the same span.</param>
public sealed record MergeResult(long MergeId, int Moved, int Collapsed);

/// <summary>A merge undone.</summary>
/// <param name="MergeId">The merge undone.</param>
/// <param name="MovedBack">Moved taggings (still existing) counted under their source labels again.</param>
/// <param name="Restored">Collapsed taggings put back.</param>
public sealed record UndoResult(long MergeId, int MovedBack, int Restored);

/// <summary>
/// Merges source labels into a target and undoes merges, recording in <see cref="LabelMerge.DetailsJson"/>
/// everything needed to put every row back. Each operation reads lock → validate → apply → audit; applying
/// is one database function (<c>migrations/TranscriptReader.Migrations/Sql/Functions/label_merge_*.sql</c>,
/// which also describe the undo record and its versions).
/// </summary>
/// <remarks>
/// <para>Locking: source and target label rows are locked FOR UPDATE in id order before anything is
/// read, which serializes the merge against <see cref="LabelDirectory.ResolveForApplyAsync"/> (FOR SHARE).
/// Everything runs in one transaction inside the execution strategy.</para>
/// <para>Moving: taggings are not rewritten. A merge sets the sources' <c>merged_into_id</c>, and every read
/// counts a tagging under its label's canonical label (<see cref="LabelCanonical"/>), so the cost of a merge
/// does not grow with the number of taggings that move, and undoing it moves nothing back. The ids that
/// moved are still recorded per source.</para>
/// <para>Collapsing: taggings counted under the sources and the target are grouped by (block, start, end,
/// reader); the survivor of a group is the target's tagging if there is one, else the lowest-id source
/// tagging (two sources may share a span too). Other source taggings of the group collapse into it: their
/// first vote per voter moves to the survivor unless the voter already voted there (then it is dropped and
/// recorded), their comments are re-pointed, then the row is deleted (and recorded whole).</para>
/// <para>Undo is refused (never approximated) when: the merge was already undone; the target has since been
/// merged into another label (undo that merge first); a source label is no longer merged by this merge; a
/// surviving tagging that received votes or comments from a collapsed one was deleted since (its discussion
/// is gone and cannot be given back); or the undo record has a version this code does not read. Taggings
/// moved by the merge that their readers deleted afterwards stay deleted; taggings created on the target
/// after the merge stay there; replies added after the merge to a re-pointed thread go back with it; a moved
/// vote is taken off the survivor (whatever its current value) and the original vote restored.</para>
/// </remarks>
public sealed class LabelMerger(AppDbContext db, AuditLog audit, TimeProvider clock, ILogger<LabelMerger> logger)
{
    private sealed record MergeRow(long Id, int[] SourceLabelIds, int TargetLabelId, DateTimeOffset? UndoneAt);

    public async Task<Outcome<MergePreview>> PreviewAsync(IReadOnlyCollection<int> sourceIds, int targetId, CancellationToken ct = default)
    {
        var sources = sourceIds.Distinct().Order().ToArray();
        if (await ValidateMergeAsync(sources, targetId, ct) is { } failure)
        {
            return failure;
        }
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = Command("SELECT * FROM label_merge_preview(@sources, @target)", ("sources", sources), ("target", targetId));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            int Count(string column) => (int)r.GetInt64(r.GetOrdinal(column));
            var votesMoved = Count("votes_moved");
            return new MergePreview(Count("moved"), Count("collapsed"), Count("votes_travelling"), votesMoved,
                Count("votes_on_collapsed") - votesMoved, Count("comments_travelling"), Count("comments_repointed"));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<Outcome<MergeResult>> MergeAsync(string moderatorId, IReadOnlyCollection<int> sourceIds, int targetId, CancellationToken ct = default)
    {
        var sources = sourceIds.Distinct().Order().ToArray();
        var outcome = await InTransactionAsync<MergeResult>(async () =>
        {
            await LockLabelsAsync([.. sources, targetId], ct);
            if (await ValidateMergeAsync(sources, targetId, ct) is { } failure)
            {
                return failure;
            }

            var merge = new LabelMerge { TargetLabelId = targetId, SourceLabelIds = sources, ModeratorId = moderatorId, At = clock.GetUtcNow() };
            db.LabelMerges.Add(merge);
            await db.SaveChangesAsync(ct);
            var (moved, collapsed) = await CountsAsync("SELECT moved_count, collapsed_count FROM label_merge_apply(@merge)", ct, ("merge", merge.Id));

            audit.Add(moderatorId, "label.merge", "label", targetId.ToString(CultureInfo.InvariantCulture),
                new { mergeId = merge.Id, sourceIds = sources, targetId, moved, collapsed });
            await db.SaveChangesAsync(ct);
            return new MergeResult(merge.Id, moved, collapsed);
        }, ct);
        if (outcome.TryGet(out var done, out _))
        {
            logger.LogInformation("Merge {MergeId}: labels {SourceIds} into {TargetId}, {Moved} moved, {Collapsed} collapsed",
                done.MergeId, sources, targetId, done.Moved, done.Collapsed);
        }
        return outcome;
    }

    public async Task<Outcome<UndoResult>> UndoAsync(string moderatorId, long mergeId, CancellationToken ct = default)
    {
        var outcome = await InTransactionAsync<UndoResult>(async () =>
        {
            await ExecAsync("SELECT id FROM label_merges WHERE id = @merge FOR UPDATE", ct, ("merge", mergeId));
            // Everything but the undo record, which the database functions read where it is.
            var merge = await db.LabelMerges.AsNoTracking().Where(m => m.Id == mergeId)
                .Select(m => new MergeRow(m.Id, m.SourceLabelIds, m.TargetLabelId, m.UndoneAt)).SingleOrDefaultAsync(ct);
            if (merge is null)
            {
                return Failure.NotFound($"There is no merge #{mergeId}.");
            }
            await LockLabelsAsync([.. merge.SourceLabelIds, merge.TargetLabelId], ct);
            if (await ValidateUndoAsync(merge, ct) is { } failure)
            {
                return failure;
            }

            var (movedBack, restored) = await CountsAsync("SELECT moved_count, restored_count FROM label_merge_undo(@merge, @moderator, @now)", ct,
                ("merge", merge.Id), ("moderator", moderatorId), ("now", clock.GetUtcNow()));

            audit.Add(moderatorId, "label.merge.undo", "label", merge.TargetLabelId.ToString(CultureInfo.InvariantCulture),
                new { mergeId = merge.Id, sourceIds = merge.SourceLabelIds, targetId = merge.TargetLabelId, moved = movedBack, restored });
            await db.SaveChangesAsync(ct);
            return new UndoResult(merge.Id, movedBack, restored);
        }, ct);
        if (outcome.TryGet(out var done, out _))
        {
            logger.LogInformation("Undid merge {MergeId}: {Moved} taggings moved back, {Restored} restored", done.MergeId, done.MovedBack, done.Restored);
        }
        return outcome;
    }

    private async Task<Failure?> ValidateMergeAsync(int[] sources, int targetId, CancellationToken ct)
    {
        if (sources.Length == 0)
        {
            return Failure.Invalid("Pick at least one label to merge.");
        }
        if (sources.Contains(targetId))
        {
            return Failure.Invalid("A label cannot be merged into itself.");
        }
        var ids = sources.Append(targetId).ToArray();
        var labels = await db.Labels.AsNoTracking().Where(l => ids.Contains(l.Id))
            .Select(l => new { l.Id, l.Name, l.MergedIntoId }).ToListAsync(ct);
        var missing = ids.Where(id => labels.All(l => l.Id != id)).ToList();
        if (missing.Count > 0)
        {
            return Failure.NotFound($"There is no label with id {string.Join(", ", missing)}.");
        }
        var gone = labels.Where(l => l.MergedIntoId is not null).Select(l => $"'{l.Name}'").ToList();
        return gone.Count > 0 ? Failure.Conflict($"Already merged into another label: {string.Join(", ", gone)}.") : null;
    }

    private async Task<Failure?> ValidateUndoAsync(MergeRow merge, CancellationToken ct)
    {
        if (merge.UndoneAt is not null)
        {
            return Failure.Conflict($"Merge #{merge.Id} was already undone.");
        }
        var ids = merge.SourceLabelIds.Append(merge.TargetLabelId).ToArray();
        var labels = await db.Labels.AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync(ct);
        var target = labels.Single(l => l.Id == merge.TargetLabelId);
        if (target.MergedIntoId is not null)
        {
            var later = target.MergedByMergeId;
            return Failure.Conflict($"'{target.Name}' was itself merged into another label by merge #{later} since; undo merge #{later} first.");
        }
        var stray = labels.Where(l => l.Id != target.Id && l.MergedByMergeId != merge.Id).Select(l => $"'{l.Name}'").ToList();
        if (stray.Count > 0)
        {
            return Failure.Conflict($"{string.Join(", ", stray)} is no longer merged by merge #{merge.Id}; undoing it would not restore the labels as they were.");
        }
        await using var cmd = Command("SELECT unreadable_version, lost_survivors FROM label_merge_undo_blockers(@merge)", ("merge", merge.Id));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        if (!r.IsDBNull(0))
        {
            return Failure.Conflict($"Merge #{merge.Id} was recorded by a newer version of TranscriptReader (undo record version {r.GetInt32(0)}); undo it with that version.");
        }
        var lost = r.GetFieldValue<long[]>(1);
        return lost.Length > 0
            ? Failure.Conflict($"Tagging(s) #{string.Join(", #", lost)} received votes or discussion from collapsed taggings in merge #{merge.Id} and were deleted since; undoing cannot give that discussion back.")
            : null;
    }

    /// <summary>One transaction inside the execution strategy, committed only when the action succeeds.</summary>
    private Task<Outcome<T>> InTransactionAsync<T>(Func<Task<Outcome<T>>> action, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var outcome = await action();
            if (outcome.Ok)
            {
                await tx.CommitAsync(ct);
            }
            else
            {
                await tx.RollbackAsync(ct);
            }
            return outcome;
        });

    private async Task LockLabelsAsync(int[] ids, CancellationToken ct) =>
        await ExecAsync("SELECT id FROM labels WHERE id = ANY(@ids) ORDER BY id FOR UPDATE", ct, ("ids", ids.Distinct().Order().ToArray()));

    private DbCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.Add(new NpgsqlParameter(name, value));
        }
        return cmd;
    }

    private async Task<int> ExecAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = Command(sql, parameters);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The two integers a merge or undo function answers.</summary>
    private async Task<(int, int)> CountsAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = Command(sql, parameters);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt32(0), r.GetInt32(1));
    }
}
