using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Exports;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Agreement;

/// <summary>
/// Agreement between done readers, per label (definitions in docs/agreement.md). Each request reads one
/// <see cref="AgreementSnapshot"/>; the figures come from <see cref="AgreementCache"/> while that snapshot is
/// current, and are otherwise computed once from the transcripts' codings (only changed transcripts are read
/// again) in a repeatable-read transaction of their own.
/// </summary>
public sealed class AgreementService(AppDbContext db, ExportFilterParser filters, LabelDirectory labels, AgreementCache cache, IServiceScopeFactory scopes)
{
    /// <summary>Collection (id or name, as for exports) and metadata "key=value"; both optional.</summary>
    public async Task<Outcome<AgreementFilter>> ParseFilterAsync(string? collection, string? meta, CancellationToken ct = default)
    {
        if (!(await filters.ParseAsync(new ExportQuery { Collection = collection }, pivotKeyRequired: false, ct)).TryGet(out var filter, out var failure))
        {
            return failure;
        }
        string? json = null;
        if (!string.IsNullOrWhiteSpace(meta) && (json = MetadataFilter.ToJson(meta)) is null)
        {
            return Failure.Invalid("A metadata filter looks like key=value, e.g. is_free_tier_user=true.");
        }
        return new AgreementFilter(filter.CollectionId, json);
    }

    /// <summary>The live label an id, name or alias resolves to (merges followed).</summary>
    public async Task<Outcome<AgreementLabel>> FindLabelAsync(string? label, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return Failure.Invalid("Name a label (label=...).");
        }
        return await labels.FindAsync(label.Trim(), ct) is { } found
            ? new AgreementLabel(found.Id, found.Name, found.Color)
            : Failure.Invalid($"There is no label '{label.Trim()}'.");
    }

    public Task<AgreementOverview> OverviewAsync(AgreementFilter filter, CancellationToken ct = default) =>
        CachedAsync("all|" + filter.Key, filter,
            () => ComputeAsync(filter, (data, _) => Task.FromResult(AgreementMath.Overview(data.Codings, data.Canonical, data.Live))), ct);

    public async Task<Outcome<LabelAgreementDetail>> LabelAsync(string? label, AgreementFilter filter, CancellationToken ct = default)
    {
        if (!(await FindLabelAsync(label, ct)).TryGet(out var found, out var failure))
        {
            return failure;
        }
        return await CachedAsync($"label {found.Id}|{filter.Key}", filter, () => ComputeAsync(filter, async (data, context) =>
        {
            var family = data.Canonical.Where(kv => kv.Value == found.Id).Select(kv => kv.Key).ToHashSet();
            // The label as it is now, in the same transaction (a rename since FindLabelAsync shows here).
            var current = data.Live.FirstOrDefault(l => l.Id == found.Id) ?? found;
            var (summary, pairs, runs) = AgreementMath.Detail(data.Codings, family, current);
            var names = await AgreementReads.UserNamesAsync(data.Connection, data.Transaction, UsersTable(context),
                pairs.SelectMany(p => new[] { p.ReaderA, p.ReaderB }), CancellationToken.None);
            var named = pairs
                .Select(p => p with { ReaderA = names.GetValueOrDefault(p.ReaderA, p.ReaderA), ReaderB = names.GetValueOrDefault(p.ReaderB, p.ReaderB) })
                .Select(p => string.CompareOrdinal(p.ReaderA, p.ReaderB) <= 0 ? p : p with { ReaderA = p.ReaderB, ReaderB = p.ReaderA })
                .OrderBy(p => p.ReaderA, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.ReaderB, StringComparer.OrdinalIgnoreCase)
                .ToList();
            var passages = await AgreementReads.PassagesAsync(data.Connection, data.Transaction, runs, [.. family], CancellationToken.None);
            return new LabelAgreementDetail(summary, named, passages);
        }), ct);
    }

    /// <summary>
    /// The cached result while PostgreSQL's snapshot is unchanged (one trivial query); else the result for the
    /// current <see cref="AgreementSnapshot"/>, computed when the counted transcripts' versions changed.
    /// </summary>
    private async Task<T> CachedAsync<T>(string key, AgreementFilter filter, Func<Task<T>> compute, CancellationToken ct)
        where T : class
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var visible = await AgreementSnapshot.VisibleAsync(connection, ct);
            if (await cache.CurrentAsync<T>(key, visible, ct) is { } current)
            {
                return current;
            }
            var snapshot = await AgreementSnapshot.ReadAsync(connection, null, filter, ct);
            return await cache.GetAsync(key, snapshot, compute, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>What a computation works from, all read in one repeatable-read transaction.</summary>
    private sealed record Inputs(
        NpgsqlConnection Connection, System.Data.Common.DbTransaction Transaction, List<TranscriptCoding> Codings,
        List<AgreementLabel> Live, Dictionary<int, int> Canonical);

    /// <summary>
    /// Runs in a scope of its own and ignores the requester's cancellation: other requests may be waiting for
    /// the same result. The snapshot is read again inside the transaction, so everything is of one moment
    /// (at least as new as the snapshot the requester saw).
    /// </summary>
    private async Task<T> ComputeAsync<T>(AgreementFilter filter, Func<Inputs, AppDbContext, Task<T>> compute)
    {
        await using var scope = scopes.CreateAsyncScope();
        var scoped = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var tx = await scoped.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        var connection = (NpgsqlConnection)scoped.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        var snapshot = await AgreementSnapshot.ReadAsync(connection, transaction, filter, CancellationToken.None);
        var (current, stale) = cache.Codings(snapshot);
        if (stale.Count > 0)
        {
            var built = await AgreementReads.CodingsAsync(connection, transaction, stale, CancellationToken.None);
            cache.Keep(built, snapshot.Merges);
            current.AddRange(built);
        }
        if (filter.IsNone)
        {
            cache.Prune(snapshot);
        }
        current.Sort((a, b) => a.TranscriptId.CompareTo(b.TranscriptId));
        var (live, canonical) = await AgreementReads.LabelsAsync(connection, transaction, CancellationToken.None);
        var result = await compute(new Inputs(connection, transaction, current, live, canonical), scoped);
        await tx.CommitAsync();
        return result;
    }

    /// <summary>Identity's user table, quoted, as the EF model names it.</summary>
    private static string UsersTable(AppDbContext context) =>
        "\"" + (context.Model.FindEntityType(typeof(AppUser))?.GetTableName() ?? "AspNetUsers") + "\"";
}
