using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Core.Labels;

public sealed record LabelResolution(Label? Label, string? Error, bool Created = false);

/// <summary>
/// Finds the canonical label for what a reader typed or picked: a label id, a name, or an alias,
/// following merges to their target. This is the one place that decides "which label is this".
/// </summary>
/// <remarks>
/// <para>Concurrency protocol with label merges: <see cref="ResolveForApplyAsync"/> runs inside the
/// caller's transaction and takes <c>FOR SHARE</c> on the label row it returns; a merge takes
/// <c>FOR UPDATE</c> on its source and target rows before reading their taggings. So a tagging either
/// commits before the merge reads (and counts under the target through the merge) or resolves after
/// the merge commits (and lands on the target) — never on a merged-away label alone.</para>
/// <para>Only the canonical row is ever held locked. Locking each hop of a merge chain (source, then
/// target) deadlocked against an undo, which locks in id order: with the target's id below the
/// source's, the undo held the target and waited for the source while the tagging held the source
/// and waited for the target (PostgreSQL then aborted one of them, and the reader or moderator got a
/// 503). Holding one row while waiting for none leaves no cycle to close.</para>
/// </remarks>
public sealed class LabelDirectory(AppDbContext db, TimeProvider clock)
{
    private const int MaxMergeChain = 32;

    /// <summary>Palette for labels created from the tagging popover (moderators can recolor).</summary>
    public static readonly string[] Palette =
        ["#e8a33d", "#5b8def", "#4caf7d", "#c0619d", "#8e6cd1", "#d9614c", "#3fa7b5", "#9a8f2e", "#d48fb0", "#6f8a4d"];

    /// <summary>The canonical label for an id, name or alias, or null. No locks taken.</summary>
    public async Task<Label?> FindAsync(string nameOrId, CancellationToken ct = default)
    {
        var label = await FindDirectAsync(nameOrId, ct);
        return label is null ? null : await FollowMergesAsync(label, ct);
    }

    /// <summary>
    /// Resolves a label for applying it, inside the caller's open transaction: locks the canonical
    /// row FOR SHARE, and creates a new label from the typed name when none matches and
    /// <paramref name="allowCreate"/> is set.
    /// </summary>
    public async Task<LabelResolution> ResolveForApplyAsync(string nameOrId, string userId, bool allowCreate, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("ResolveForApplyAsync must run inside a transaction.");
        }
        var label = await FindDirectAsync(nameOrId, ct);
        if (label is null)
        {
            if (IsId(nameOrId))
            {
                return new(null, $"There is no label with id {nameOrId.Trim()}; digits name a label by its id, so a new label's name needs another character.");
            }
            if (!allowCreate)
            {
                return new(null, $"There is no label '{nameOrId.Trim()}'.");
            }
            var error = LabelNames.Validate(nameOrId);
            if (error is not null)
            {
                return new(null, error);
            }
            var created = await CreateAsync(nameOrId.Trim(), userId, ct);
            if (created is not null)
            {
                return new(created, null, Created: true);
            }
            // Someone created the same name a moment ago: use theirs.
            label = await FindDirectAsync(nameOrId, ct);
            if (label is null)
            {
                return new(null, $"The label '{nameOrId.Trim()}' could not be created.");
            }
        }
        var canonical = await LockCanonicalAsync(label, ct);
        return canonical is null ? new(null, "That label's merge history is inconsistent; ask a moderator.") : new(canonical, null);
    }

    public static string ColorFor(string key)
    {
        var hash = 0;
        foreach (var c in key)
        {
            hash = unchecked(hash * 31 + c);
        }
        return Palette[(int)((uint)hash % Palette.Length)];
    }

    /// <summary>Digits are an id, whatever their length: a label is never created or looked up by a name of digits.</summary>
    private static bool IsId(string s) => LabelNames.IsDigits(s);

    private async Task<Label?> FindDirectAsync(string nameOrId, CancellationToken ct)
    {
        if (IsId(nameOrId))
        {
            return int.TryParse(nameOrId.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? await db.Labels.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct)
                : null;
        }
        if (nameOrId.Trim().Length == 0)
        {
            return null;
        }
        var key = LabelNames.Key(nameOrId);
        return await db.Labels.AsNoTracking().SingleOrDefaultAsync(l => l.NormalizedName == key, ct)
            ?? await db.LabelAliases.AsNoTracking().Where(a => a.NormalizedAlias == key)
                .Join(db.Labels, a => a.LabelId, l => l.Id, (_, l) => l).SingleOrDefaultAsync(ct);
    }

    private async Task<Label?> FollowMergesAsync(Label label, CancellationToken ct)
    {
        for (var hop = 0; hop < MaxMergeChain; hop++)
        {
            if (label.MergedIntoId is not { } next)
            {
                return label;
            }
            label = await db.Labels.AsNoTracking().SingleAsync(l => l.Id == next, ct);
        }
        return null;
    }

    /// <summary>
    /// Follows merges from <paramref name="label"/> without locks, locks the canonical row FOR SHARE, and
    /// checks under the lock that the chain still ends there. Any later change to where the chain ends
    /// (merging the canonical label away, undoing the merge into it) needs that row FOR UPDATE, so it
    /// waits for the caller's transaction. If a merge or undo committed while we waited, the lock is
    /// released (savepoint rollback) before looking again, so no second row is awaited while one is held.
    /// </summary>
    private async Task<Label?> LockCanonicalAsync(Label label, CancellationToken ct)
    {
        var tx = db.Database.CurrentTransaction!;
        var start = label;
        for (var attempt = 0; attempt < MaxMergeChain; attempt++)
        {
            var canonical = await FollowMergesAsync(start, ct);
            if (canonical is null)
            {
                return null;
            }
            await tx.CreateSavepointAsync("lock_label", ct);
            var locked = await db.Labels
                .FromSqlRaw("SELECT * FROM labels WHERE id = {0} FOR SHARE", canonical.Id)
                .AsNoTracking().SingleAsync(ct);
            // Read under the lock, so a merge that committed while we waited is visible; an unmerged
            // label that is its own canonical row needs no second look.
            if (locked.MergedIntoId is null
                && (locked.Id == label.Id || (await FollowMergesAsync(await ReloadAsync(label.Id, ct), ct))?.Id == locked.Id))
            {
                await tx.ReleaseSavepointAsync("lock_label", ct);
                return locked;
            }
            await tx.RollbackToSavepointAsync("lock_label", ct);
            start = await ReloadAsync(label.Id, ct);
        }
        return null;
    }

    private Task<Label> ReloadAsync(int id, CancellationToken ct) => db.Labels.AsNoTracking().SingleAsync(l => l.Id == id, ct);

    private async Task<Label?> CreateAsync(string name, string userId, CancellationToken ct)
    {
        var key = LabelNames.Key(name);
        var label = new Label
        {
            Name = name,
            NormalizedName = key,
            Color = ColorFor(key),
            CreatedById = userId,
            CreatedAt = clock.GetUtcNow(),
        };
        // A savepoint keeps the caller's transaction usable if another reader wins the race.
        await db.Database.CurrentTransaction!.CreateSavepointAsync("create_label", ct);
        db.Labels.Add(label);
        try
        {
            await db.SaveChangesAsync(ct);
            await db.Database.ExecuteSqlRawAsync(
                "SELECT 1 FROM labels WHERE id = {0} FOR SHARE", [label.Id], ct);
            return label;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await db.Database.CurrentTransaction!.RollbackToSavepointAsync("create_label", ct);
            db.Entry(label).State = EntityState.Detached;
            return null;
        }
    }
}
