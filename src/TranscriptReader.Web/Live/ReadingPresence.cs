using System.Collections.Concurrent;
using System.Text.Json;
using Npgsql;

namespace TranscriptReader.Web.Live;

/// <summary>
/// "4 readers here" across nodes: each node announces who reads each transcript through it on the
/// <c>live_presence</c> channel (when it changes, and every <see cref="Heartbeat"/>), and adds what the
/// other nodes announced. A node that stops announcing (crashed, cut off) is forgotten after <see cref="Stale"/>.
/// </summary>
public sealed class ReadingPresence(LiveReaders readers, LiveRelay relay, LiveDatabase database, TimeProvider clock, ILogger<ReadingPresence> logger)
{
    public const string Channel = "live_presence";
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(40);
    // A NOTIFY payload holds at most 8,000 bytes; names past this many are counted, not named.
    private const int MaxNamesPerAnnouncement = 40;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Announcement(string Node, long T, List<PresenceReader> U, int A);

    private readonly string node = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<(string Node, long T), (PresenceSummary Summary, DateTimeOffset At)> remote = new();

    /// <summary>Everyone reading <paramref name="transcriptId"/> on any node.</summary>
    public PresenceSummary Of(long transcriptId)
    {
        var oldest = clock.GetUtcNow() - Stale;
        var parts = remote.Where(r => r.Key.T == transcriptId && r.Value.At >= oldest).Select(r => r.Value.Summary)
            .Prepend(readers.PresenceOf(transcriptId)).ToList();
        return new PresenceSummary(parts.SelectMany(p => p.Readers).DistinctBy(r => r.Id).ToList(), parts.Sum(p => p.Anonymous));
    }

    /// <summary>Tells this node's readers of the transcript and the other nodes that who reads it here changed.</summary>
    public async Task ChangedAsync(long transcriptId)
    {
        await relay.PresenceAsync(transcriptId, Of(transcriptId));
        await AnnounceAsync(transcriptId);
    }

    /// <summary>An announcement from the <c>live_presence</c> channel; ignored when it is this node's own or malformed.</summary>
    public async Task ReceiveAsync(string payload)
    {
        Announcement? a;
        try
        {
            a = JsonSerializer.Deserialize<Announcement>(payload, Json);
        }
        catch (JsonException)
        {
            a = null;
        }
        if (a is null || a.Node == node || a.U is null)
        {
            return;
        }
        var summary = new PresenceSummary(a.U, a.A);
        var key = (a.Node, a.T);
        var before = remote.TryGetValue(key, out var b) ? b.Summary : null;
        if (summary.Count == 0)
        {
            remote.TryRemove(key, out _);
        }
        else
        {
            remote[key] = (summary, clock.GetUtcNow());
        }
        if (before is null || before.Count != summary.Count || !before.Readers.SequenceEqual(summary.Readers))
        {
            await relay.PresenceAsync(a.T, Of(a.T));
        }
    }

    /// <summary>Re-announces this node's readers and forgets nodes that went quiet (run every <see cref="Heartbeat"/>).</summary>
    public async Task BeatAsync()
    {
        foreach (var t in readers.Transcripts())
        {
            await AnnounceAsync(t);
        }
        var oldest = clock.GetUtcNow() - Stale;
        foreach (var gone in remote.Where(r => r.Value.At < oldest).Select(r => r.Key).ToList())
        {
            if (remote.TryRemove(gone, out _))
            {
                await relay.PresenceAsync(gone.T, Of(gone.T));
            }
        }
    }

    private async Task AnnounceAsync(long transcriptId)
    {
        var here = readers.PresenceOf(transcriptId);
        // Names past the cap still count, as anonymous ones do.
        var named = here.Readers.Take(MaxNamesPerAnnouncement).ToList();
        var payload = JsonSerializer.Serialize(
            new Announcement(node, transcriptId, named, here.Anonymous + here.Readers.Count - named.Count), Json);
        try
        {
            await using var cmd = database.Source.CreateCommand("SELECT pg_notify(@channel, @payload)");
            cmd.Parameters.AddWithValue("channel", Channel);
            cmd.Parameters.AddWithValue("payload", payload);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // Presence is a courtesy: the next heartbeat tries again.
            logger.LogWarning(ex, "Could not announce presence on transcript {TranscriptId}", transcriptId);
        }
    }
}
