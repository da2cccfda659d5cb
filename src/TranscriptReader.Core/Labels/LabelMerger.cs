using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;

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

public sealed record MergeOutcome(long MergeId, int Moved, int Collapsed, string? Error, bool NotFound = false)
{
    public bool Ok => Error is null;
    public static MergeOutcome Failure(string error, bool notFound = false) => new(0, 0, 0, error, notFound);
}

/// <summary>
/// Merges source labels into a target and undoes merges, recording in <see cref="LabelMerge.DetailsJson"/>
/// everything needed to put every row back.
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
/// merged into another label (undo that merge first); a source label is no longer merged by this merge; or a
/// surviving tagging that received votes or comments from a collapsed one was deleted since (its discussion
/// is gone and cannot be given back). Taggings moved by the merge that their readers deleted afterwards stay
/// deleted; taggings created on the target after the merge stay there; replies added after the merge to a
/// re-pointed thread go back with it; a moved vote is taken off the survivor (whatever its current value)
/// and the original vote restored.</para>
/// </remarks>
public sealed class LabelMerger(AppDbContext db, AuditLog audit, TimeProvider clock, ILogger<LabelMerger> logger)
{
    public async Task<(MergePreview? Preview, string? Error)> PreviewAsync(IReadOnlyCollection<int> sourceIds, int targetId, CancellationToken ct = default)
    {
        var error = await ValidateAsync(sourceIds, targetId, ct);
        if (error is not null)
        {
            return (null, error);
        }
        var sources = sourceIds.Distinct().ToArray();
        const string sql = CollapseSql + """
            , collapsed AS (SELECT * FROM c)
            SELECT
              (SELECT count(*) FROM taggings t JOIN fam f ON f.id = t.label_id WHERE f.canonical_id = ANY(@sources))
                - (SELECT count(*) FROM collapsed),
              (SELECT count(*) FROM collapsed),
              (SELECT count(*) FROM votes v JOIN taggings t ON t.id = v.tagging_id JOIN fam f ON f.id = t.label_id
                 WHERE f.canonical_id = ANY(@sources) AND t.id NOT IN (SELECT collapsed_id FROM collapsed)),
              (SELECT count(*) FROM (SELECT DISTINCT c.survivor_id, v.user_id FROM votes v JOIN collapsed c ON c.collapsed_id = v.tagging_id
                 WHERE NOT EXISTS (SELECT 1 FROM votes w WHERE w.tagging_id = c.survivor_id AND w.user_id = v.user_id)) x),
              (SELECT count(*) FROM votes v JOIN collapsed c ON c.collapsed_id = v.tagging_id),
              (SELECT count(*) FROM comments m JOIN taggings t ON t.id = m.tagging_id JOIN fam f ON f.id = t.label_id
                 WHERE f.canonical_id = ANY(@sources) AND t.id NOT IN (SELECT collapsed_id FROM collapsed)),
              (SELECT count(*) FROM comments m JOIN collapsed c ON c.collapsed_id = m.tagging_id)
            """;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = Command(sql, ("sources", sources), ("target", targetId));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            var votesOnCollapsed = r.GetInt64(4);
            var votesMoved = r.GetInt64(3);
            return (new MergePreview((int)r.GetInt64(0), (int)r.GetInt64(1), (int)r.GetInt64(2), (int)votesMoved,
                (int)(votesOnCollapsed - votesMoved), (int)r.GetInt64(5), (int)r.GetInt64(6)), null);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public Task<MergeOutcome> MergeAsync(string moderatorId, IReadOnlyCollection<int> sourceIds, int targetId, CancellationToken ct = default)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var sources = sourceIds.Distinct().Order().ToArray();
            await LockLabelsAsync([.. sources, targetId], ct);
            var error = await ValidateAsync(sources, targetId, ct);
            if (error is not null)
            {
                await tx.RollbackAsync(ct);
                return MergeOutcome.Failure(error);
            }

            var merge = new LabelMerge { TargetLabelId = targetId, SourceLabelIds = sources, ModeratorId = moderatorId, At = clock.GetUtcNow() };
            db.LabelMerges.Add(merge);
            await db.SaveChangesAsync(ct);

            // Sorting every tagging of the labels by span in memory rather than on disk halves the collapse query.
            await ExecAsync("SET LOCAL work_mem = '64MB'", ct);
            await SkipPerTranscriptPageVersionsAsync(ct);
            await ExecAsync("CREATE TEMP TABLE merge_collapse ON COMMIT DROP AS " + CollapseSql + " SELECT * FROM c",
                ct, ("sources", sources), ("target", targetId));
            // A temp table has no statistics; without them the joins below are planned for a guess.
            await ExecAsync("ANALYZE merge_collapse", ct);
            // The undo record is assembled in the database (megabytes of ids never travel to the app and back), as
            // json text: building and storing jsonb would parse it all again for nothing.
            await ExecAsync("CREATE TEMP TABLE merge_details (key text PRIMARY KEY, value json NOT NULL) ON COMMIT DROP", ct);
            await ExecAsync("""
                INSERT INTO merge_details
                SELECT 'collapsed', coalesce(json_agg(json_build_object('survivorId', c.survivor_id, 'row', row_to_json(t)) ORDER BY t.id), '[]')
                FROM taggings t JOIN merge_collapse c ON c.collapsed_id = t.id
                UNION ALL
                SELECT 'votes', coalesce(json_agg(row_to_json(v) ORDER BY v.tagging_id, v.user_id), '[]')
                FROM votes v JOIN merge_collapse c ON c.collapsed_id = v.tagging_id
                """, ct);
            await ExecAsync("""
                WITH pick AS (
                  SELECT DISTINCT ON (c.survivor_id, v.user_id) v.tagging_id, v.user_id, c.survivor_id
                  FROM votes v JOIN merge_collapse c ON c.collapsed_id = v.tagging_id
                  WHERE NOT EXISTS (SELECT 1 FROM votes w WHERE w.tagging_id = c.survivor_id AND w.user_id = v.user_id)
                  ORDER BY c.survivor_id, v.user_id, v.tagging_id),
                moved AS (
                  UPDATE votes v SET tagging_id = p.survivor_id FROM pick p
                  WHERE v.tagging_id = p.tagging_id AND v.user_id = p.user_id
                  RETURNING p.tagging_id AS from_id, p.survivor_id AS to_id, v.user_id)
                INSERT INTO merge_details
                SELECT 'movedVotes', coalesce(json_agg(json_build_object('from', from_id, 'to', to_id, 'userId', user_id)), '[]') FROM moved
                """, ct);
            await ExecAsync("""
                WITH moved AS (
                  UPDATE comments m SET tagging_id = c.survivor_id FROM merge_collapse c
                  WHERE m.tagging_id = c.collapsed_id
                  RETURNING m.id, c.collapsed_id AS from_id, c.survivor_id AS to_id)
                INSERT INTO merge_details
                SELECT 'comments', coalesce(json_agg(json_build_object('id', id, 'from', from_id, 'to', to_id) ORDER BY id), '[]') FROM moved
                """, ct);
            var collapsed = await ExecAsync("DELETE FROM taggings t USING merge_collapse c WHERE t.id = c.collapsed_id", ct);
            // The rows stay as they are (see LabelCanonical); which ones now count under the target is
            // recorded per source for the label page and the audit trail.
            await ExecAsync("""
                WITH m AS (
                  SELECT f.canonical_id AS source_id, json_agg(t.id ORDER BY t.id) AS ids
                  FROM taggings t JOIN label_canonical f ON f.id = t.label_id
                  WHERE f.canonical_id = ANY(@sources) GROUP BY f.canonical_id)
                INSERT INTO merge_details
                SELECT 'moved', coalesce(json_object_agg(s::text, coalesce(m.ids, '[]'::json)), '{}')
                FROM unnest(@sources) s LEFT JOIN m ON m.source_id = s
                """, ct, ("sources", sources));
            await ExecAsync("""
                WITH m AS (SELECT id, label_id FROM label_aliases WHERE label_id = ANY(@sources)),
                moved AS (UPDATE label_aliases a SET label_id = @target FROM m WHERE a.id = m.id RETURNING a.id, m.label_id AS from_id)
                INSERT INTO merge_details
                SELECT 'movedAliases', coalesce(json_agg(json_build_object('id', id, 'from', from_id) ORDER BY id), '[]') FROM moved
                """, ct, ("sources", sources), ("target", targetId));
            // A source name already taken as an alias (it cannot be, through this app) keeps its owner.
            await ExecAsync("""
                WITH added AS (
                  INSERT INTO label_aliases (label_id, alias, normalized_alias, merge_id, created_at)
                  SELECT @target, l.name, l.normalized_name, @merge, @now FROM labels l WHERE l.id = ANY(@sources) ORDER BY l.id
                  ON CONFLICT (normalized_alias) DO NOTHING RETURNING id)
                INSERT INTO merge_details
                SELECT 'addedAliases', coalesce(json_agg(id ORDER BY id), '[]') FROM added
                """, ct, ("sources", sources), ("target", targetId), ("merge", merge.Id), ("now", merge.At));
            await ExecAsync("UPDATE labels SET merged_into_id = @target, merged_by_merge_id = @merge WHERE id = ANY(@sources)",
                ct, ("sources", sources), ("target", targetId), ("merge", merge.Id));
            await ExecAsync("UPDATE label_merges SET details = (SELECT json_object_agg(key, value) FROM merge_details) WHERE id = @merge",
                ct, ("merge", merge.Id));
            var moved = (int)await ScalarAsync<long>("""
                SELECT coalesce(sum(json_array_length(e.value)), 0)::bigint FROM merge_details d, json_each(d.value) e WHERE d.key = 'moved'
                """, ct);
            audit.Add(moderatorId, "label.merge", "label", targetId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new { mergeId = merge.Id, sourceIds = sources, targetId, moved, collapsed });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            logger.LogInformation("Merge {MergeId}: labels {SourceIds} into {TargetId}, {Moved} moved, {Collapsed} collapsed",
                merge.Id, sources, targetId, moved, collapsed);
            return new MergeOutcome(merge.Id, moved, collapsed, null);
        });
    }

    public Task<MergeOutcome> UndoAsync(string moderatorId, long mergeId, CancellationToken ct = default)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await ExecAsync("SELECT id FROM label_merges WHERE id = @merge FOR UPDATE", ct, ("merge", mergeId));
            // Everything but the undo record, which the statements below read in the database.
            var merge = await db.LabelMerges.AsNoTracking().Where(m => m.Id == mergeId)
                .Select(m => new { m.Id, m.SourceLabelIds, m.TargetLabelId, m.UndoneAt }).SingleOrDefaultAsync(ct);
            if (merge is null)
            {
                return MergeOutcome.Failure($"There is no merge #{mergeId}.", notFound: true);
            }
            await LockLabelsAsync([.. merge.SourceLabelIds, merge.TargetLabelId], ct);
            await SkipPerTranscriptPageVersionsAsync(ct);
            var error = await UndoRefusalAsync(merge.Id, merge.SourceLabelIds, merge.TargetLabelId, merge.UndoneAt, ct);
            if (error is not null)
            {
                await tx.RollbackAsync(ct);
                return MergeOutcome.Failure(error);
            }

            var sources = merge.SourceLabelIds;
            var target = merge.TargetLabelId;
            // Moved taggings never left their label (see LabelCanonical): un-merging the labels below brings
            // back exactly those that still exist.
            var moved = (int)await ScalarAsync<long>("""
                SELECT count(*) FROM taggings WHERE id IN (
                  SELECT json_array_elements_text(e.value)::bigint FROM label_merges m, json_each(m.details->'moved') e WHERE m.id = @merge)
                """, ct, ("merge", merge.Id));
            // Rows whose block or reader was deleted since are gone with everything else of theirs.
            var restored = await ExecAsync("""
                INSERT INTO taggings SELECT r.* FROM label_merges m, json_array_elements(m.details->'collapsed') e,
                  json_populate_record(null::taggings, e->'row') r
                WHERE m.id = @merge
                  AND EXISTS (SELECT 1 FROM blocks b WHERE b.id = r.block_id)
                  AND EXISTS (SELECT 1 FROM "AspNetUsers" u WHERE u.id = r.user_id)
                """, ct, ("merge", merge.Id));
            await ExecAsync("""
                DELETE FROM votes v USING label_merges d, json_to_recordset(d.details->'movedVotes') AS m("from" bigint, "to" bigint, "userId" text)
                WHERE d.id = @merge AND v.tagging_id = m."to" AND v.user_id = m."userId"
                """, ct, ("merge", merge.Id));
            await ExecAsync("""
                INSERT INTO votes SELECT r.* FROM label_merges m, json_populate_recordset(null::votes, m.details->'votes') r
                WHERE m.id = @merge
                  AND EXISTS (SELECT 1 FROM taggings t WHERE t.id = r.tagging_id)
                  AND EXISTS (SELECT 1 FROM "AspNetUsers" u WHERE u.id = r.user_id)
                ON CONFLICT DO NOTHING
                """, ct, ("merge", merge.Id));
            // Replies written after the merge under a re-pointed comment go back with their thread.
            await ExecAsync("""
                WITH RECURSIVE m AS (
                  SELECT x.* FROM label_merges d, json_to_recordset(d.details->'comments') AS x(id bigint, "from" bigint, "to" bigint)
                  WHERE d.id = @merge),
                thread AS (
                  SELECT c.id, m."from", m."to" FROM comments c JOIN m ON m.id = c.id
                  UNION
                  SELECT c.id, t."from", t."to" FROM comments c JOIN thread t ON c.parent_id = t.id)
                UPDATE comments c SET tagging_id = t."from" FROM thread t
                WHERE c.id = t.id AND c.tagging_id = t."to" AND EXISTS (SELECT 1 FROM taggings g WHERE g.id = t."from")
                """, ct, ("merge", merge.Id));
            await ExecAsync("DELETE FROM label_aliases WHERE merge_id = @merge AND label_id = @target", ct,
                ("merge", merge.Id), ("target", target));
            await ExecAsync("""
                UPDATE label_aliases a SET label_id = m."from"
                FROM label_merges d, json_to_recordset(d.details->'movedAliases') AS m(id bigint, "from" int)
                WHERE d.id = @merge AND a.id = m.id AND a.label_id = @target
                """, ct, ("merge", merge.Id), ("target", target));
            await ExecAsync("UPDATE labels SET merged_into_id = NULL, merged_by_merge_id = NULL WHERE id = ANY(@sources) AND merged_by_merge_id = @merge",
                ct, ("sources", sources), ("merge", merge.Id));
            await ExecAsync("UPDATE label_merges SET undone_at = @now, undone_by_id = @moderator WHERE id = @merge", ct,
                ("now", clock.GetUtcNow()), ("moderator", moderatorId), ("merge", merge.Id));
            audit.Add(moderatorId, "label.merge.undo", "label", target.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new { mergeId = merge.Id, sourceIds = sources, targetId = target, moved, restored });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            logger.LogInformation("Undid merge {MergeId}: {Moved} taggings moved back, {Restored} restored", merge.Id, moved, restored);
            return new MergeOutcome(merge.Id, moved, restored, null);
        });
    }

    /// <summary>
    /// Groups every tagging counted under the sources and the target (<c>fam</c>: labels whose canonical
    /// label is one of them) by (block, span, reader); the survivor is the target's tagging when present,
    /// else the lowest id. Yields (collapsed_id, survivor_id) for source rows that are not survivors.
    /// Reader ids are only compared for equality, so the byte-wise "C" collation sorts them fastest.
    /// </summary>
    private const string CollapseSql = """
        WITH fam AS (SELECT id, canonical_id FROM label_canonical WHERE canonical_id = ANY(@sources) OR canonical_id = @target),
        g AS (
          SELECT t.id,
            first_value(t.id) OVER (PARTITION BY t.block_id, t.start, t."end", t.user_id COLLATE "C" ORDER BY (f.canonical_id = @target) DESC, t.id) AS survivor_id
          FROM taggings t JOIN fam f ON f.id = t.label_id),
        c AS (SELECT id AS collapsed_id, survivor_id FROM g WHERE id <> survivor_id)
        """;

    private async Task<string?> ValidateAsync(IReadOnlyCollection<int> sourceIds, int targetId, CancellationToken ct)
    {
        var sources = sourceIds.Distinct().ToArray();
        if (sources.Length == 0)
        {
            return "Pick at least one label to merge.";
        }
        if (sources.Contains(targetId))
        {
            return "A label cannot be merged into itself.";
        }
        var ids = sources.Append(targetId).ToArray();
        var labels = await db.Labels.AsNoTracking().Where(l => ids.Contains(l.Id))
            .Select(l => new { l.Id, l.Name, l.MergedIntoId }).ToListAsync(ct);
        var missing = ids.Where(id => labels.All(l => l.Id != id)).ToList();
        if (missing.Count > 0)
        {
            return $"There is no label with id {string.Join(", ", missing)}.";
        }
        var gone = labels.Where(l => l.MergedIntoId is not null).Select(l => $"'{l.Name}'").ToList();
        return gone.Count > 0 ? $"Already merged into another label: {string.Join(", ", gone)}." : null;
    }

    private async Task<string?> UndoRefusalAsync(long mergeId, int[] sourceIds, int targetId, DateTimeOffset? undoneAt, CancellationToken ct)
    {
        if (undoneAt is not null)
        {
            return $"Merge #{mergeId} was already undone.";
        }
        var ids = sourceIds.Append(targetId).ToArray();
        var labels = await db.Labels.AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync(ct);
        var target = labels.Single(l => l.Id == targetId);
        if (target.MergedIntoId is not null)
        {
            var later = target.MergedByMergeId;
            return $"'{target.Name}' was itself merged into another label by merge #{later} since; undo merge #{later} first.";
        }
        var stray = labels.Where(l => l.Id != target.Id && l.MergedByMergeId != mergeId).Select(l => $"'{l.Name}'").ToList();
        if (stray.Count > 0)
        {
            return $"{string.Join(", ", stray)} is no longer merged by merge #{mergeId}; undoing it would not restore the labels as they were.";
        }
        var deleted = await ScalarAsync<long[]>("""
            SELECT coalesce(array_agg(DISTINCT s.id ORDER BY s.id), '{}') FROM (
              SELECT (x->>'to')::bigint AS id FROM label_merges m, json_array_elements(m.details->'movedVotes') x WHERE m.id = @merge
              UNION
              SELECT (x->>'to')::bigint FROM label_merges m, json_array_elements(m.details->'comments') x WHERE m.id = @merge) s
            WHERE NOT EXISTS (SELECT 1 FROM taggings t WHERE t.id = s.id)
            """, ct, ("merge", mergeId));
        return deleted.Length > 0
            ? $"Tagging(s) #{string.Join(", #", deleted)} received votes or discussion from collapsed taggings in merge #{mergeId} and were deleted since; undoing cannot give that discussion back."
            : null;
    }

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

    /// <summary>
    /// Merges and undos update the labels, which moves the page epoch and so outdates every cached transcript
    /// page at once; the per-transcript triggers would only make the merge queue behind readers' votes.
    /// </summary>
    private Task<int> SkipPerTranscriptPageVersionsAsync(CancellationToken ct) =>
        ExecAsync("SET LOCAL transcriptreader.skip_page_versions = 'on'", ct);

    private async Task<int> ExecAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = Command(sql, parameters);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task<T> ScalarAsync<T>(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = Command(sql, parameters);
        return (T)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
