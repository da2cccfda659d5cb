using System.Collections.Concurrent;

namespace TranscriptReader.Core.Agreement;

/// <summary>
/// Each app node's memory of agreement work (a singleton): transcripts' codings by page version, and finished
/// results by filter and label together with the <see cref="AgreementSnapshot"/> they were computed from.
/// A result is served only while its snapshot is the current one, so it is exact for the current data; a
/// write to one transcript rebuilds that transcript's coding alone, then the figures from all codings.
/// Concurrent requests for the same result wait for one computation.
/// </summary>
public sealed class AgreementCache
{
    private const int MaxResults = 256;

    private readonly ConcurrentDictionary<long, (long Merges, TranscriptCoding Coding)> codings = new();
    private readonly ConcurrentDictionary<string, Entry> results = new(StringComparer.Ordinal);
    private long uses;

    private sealed class Entry(AgreementSnapshot snapshot, Func<Task<object>> compute)
    {
        private readonly Lazy<Task<object>> result = new(compute);

        public AgreementSnapshot Snapshot { get; } = snapshot;

        public long LastUse { get; set; }

        /// <summary>The newest PostgreSQL snapshot known to show the data this result is of (or older data than it).</summary>
        public volatile string? Visible;

        public Task<object> Result => result.Value;
    }

    /// <summary>The result filed under <paramref name="key"/> when PostgreSQL's snapshot is still <paramref name="visible"/>.</summary>
    public async Task<T?> CurrentAsync<T>(string key, string visible, CancellationToken ct)
        where T : class
    {
        if (!results.TryGetValue(key, out var entry) || entry.Visible != visible || !entry.Result.IsCompletedSuccessfully)
        {
            return null;
        }
        entry.LastUse = Interlocked.Increment(ref uses);
        return (T)await entry.Result.WaitAsync(ct);
    }

    /// <summary>The result filed under <paramref name="key"/> for this snapshot, computing it (once) when there is none.</summary>
    public async Task<T> GetAsync<T>(string key, AgreementSnapshot snapshot, Func<Task<T>> compute, CancellationToken ct)
        where T : class
    {
        while (true)
        {
            var found = results.TryGetValue(key, out var entry) && entry.Snapshot.SameAs(snapshot) ? entry : null;
            if (found is null)
            {
                var mine = new Entry(snapshot, async () => await compute());
                var stored = entry is null ? results.TryAdd(key, mine) : results.TryUpdate(key, mine, entry);
                if (!stored)
                {
                    continue;
                }
                found = mine;
                Trim();
            }
            found.LastUse = Interlocked.Increment(ref uses);
            // The result is of this snapshot's data or newer (a computation reads its own, later snapshot).
            found.Visible = snapshot.Visible;
            try
            {
                // The computation is shared, so it never takes one request's cancellation; a caller that gives up stops waiting.
                return (T)await found.Result.WaitAsync(ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                results.TryRemove(new KeyValuePair<string, Entry>(key, found));
                throw;
            }
        }
    }

    /// <summary>The codings still current for these (id, version) pairs, and the pairs that need building.</summary>
    public (List<TranscriptCoding> Current, List<(long Id, long Version)> Stale) Codings(AgreementSnapshot snapshot)
    {
        var current = new List<TranscriptCoding>(snapshot.Ids.Length);
        var stale = new List<(long, long)>();
        for (var i = 0; i < snapshot.Ids.Length; i++)
        {
            if (codings.TryGetValue(snapshot.Ids[i], out var c) && c.Merges == snapshot.Merges && c.Coding.Version == snapshot.Versions[i])
            {
                current.Add(c.Coding);
            }
            else
            {
                stale.Add((snapshot.Ids[i], snapshot.Versions[i]));
            }
        }
        return (current, stale);
    }

    public void Keep(IEnumerable<TranscriptCoding> built, long merges)
    {
        foreach (var coding in built)
        {
            codings[coding.TranscriptId] = (merges, coding);
        }
    }

    /// <summary>Forgets codings of transcripts no longer counted; only a snapshot without filters lists them all.</summary>
    public void Prune(AgreementSnapshot unfiltered)
    {
        var counted = new HashSet<long>(unfiltered.Ids);
        foreach (var id in codings.Keys)
        {
            if (!counted.Contains(id))
            {
                codings.TryRemove(id, out _);
            }
        }
    }

    private void Trim()
    {
        if (results.Count <= MaxResults)
        {
            return;
        }
        foreach (var old in results.OrderBy(kv => kv.Value.LastUse).Take(results.Count - MaxResults / 2).ToList())
        {
            results.TryRemove(old);
        }
    }
}
