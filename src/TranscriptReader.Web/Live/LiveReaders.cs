namespace TranscriptReader.Web.Live;

/// <summary>A reader shown in presence: signed-in readers by id and name (anonymous ones are only counted).</summary>
public sealed record PresenceReader(string Id, string Name);

/// <summary>Who reads one transcript: signed-in readers (each once, however many tabs) and a count of anonymous connections.</summary>
public sealed record PresenceSummary(IReadOnlyList<PresenceReader> Readers, int Anonymous)
{
    public static readonly PresenceSummary Empty = new([], 0);

    public int Count => Readers.Count + Anonymous;
}

/// <summary>
/// This node's live connections: which transcript each one reads and who holds it, and how many each reader
/// (or, anonymously, each client address) holds, capped by <see cref="LiveSettings.MaxConnectionsPerUser"/>.
/// </summary>
/// <remarks>
/// Kept per node, like the rate limits: updates are relayed to this node's own connections by id (see
/// <see cref="LiveRelay"/>), so a message reaches each reader once whether or not a Redis backplane carries
/// SignalR's sends between nodes. One lock: joins and leaves are rare next to the reads of a relay.
/// </remarks>
public sealed class LiveReaders(Microsoft.Extensions.Options.IOptions<LiveSettings> settings)
{
    private sealed record Connection(string Owner, string? UserId, string? Name, bool Moderator)
    {
        public long? TranscriptId { get; set; }
    }

    private readonly Lock gate = new();
    private readonly Dictionary<string, Connection> connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> perOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<long, HashSet<string>> byTranscript = [];

    /// <summary>Registers a connection of <paramref name="owner"/> (a user id, or a client address key), unless that owner is at the cap.</summary>
    public bool TryConnect(string connectionId, string owner, string? userId, string? name, bool moderator = false)
    {
        lock (gate)
        {
            var held = perOwner.GetValueOrDefault(owner);
            if (held >= settings.Value.MaxConnectionsPerUser)
            {
                return false;
            }
            perOwner[owner] = held + 1;
            connections[connectionId] = new Connection(owner, userId, name, moderator);
            return true;
        }
    }

    /// <summary>Forgets a connection; answers the transcript it was reading, if any.</summary>
    public long? Disconnect(string connectionId)
    {
        lock (gate)
        {
            if (!connections.Remove(connectionId, out var c))
            {
                return null;
            }
            var left = perOwner[c.Owner] - 1;
            if (left == 0)
            {
                perOwner.Remove(c.Owner);
            }
            else
            {
                perOwner[c.Owner] = left;
            }
            Untrack(connectionId, c);
            return c.TranscriptId;
        }
    }

    /// <summary>Moves a connection to <paramref name="transcriptId"/>; answers the transcript it read before, if another.</summary>
    public long? Join(string connectionId, long transcriptId)
    {
        lock (gate)
        {
            if (!connections.TryGetValue(connectionId, out var c))
            {
                return null;
            }
            var before = c.TranscriptId;
            if (before == transcriptId)
            {
                return null;
            }
            Untrack(connectionId, c);
            c.TranscriptId = transcriptId;
            if (!byTranscript.TryGetValue(transcriptId, out var set))
            {
                byTranscript[transcriptId] = set = new HashSet<string>(StringComparer.Ordinal);
            }
            set.Add(connectionId);
            return before;
        }
    }

    public IReadOnlyList<string> ConnectionsOf(long transcriptId)
    {
        lock (gate)
        {
            return byTranscript.TryGetValue(transcriptId, out var set) ? [.. set] : [];
        }
    }

    public IReadOnlyList<string> ConnectionsOfUser(string userId)
    {
        lock (gate)
        {
            return connections.Where(c => c.Value.UserId == userId).Select(c => c.Key).ToList();
        }
    }

    /// <summary>Whether a connection of this reader was opened with moderator rights (they see hidden comments' items).</summary>
    public bool IsModerator(string userId)
    {
        lock (gate)
        {
            return connections.Values.Any(c => c.UserId == userId && c.Moderator);
        }
    }

    public IReadOnlyList<string> AllConnections()
    {
        lock (gate)
        {
            return [.. connections.Keys];
        }
    }

    /// <summary>The transcripts this node has readers of.</summary>
    public IReadOnlyList<long> Transcripts()
    {
        lock (gate)
        {
            return [.. byTranscript.Keys];
        }
    }

    public PresenceSummary PresenceOf(long transcriptId)
    {
        lock (gate)
        {
            if (!byTranscript.TryGetValue(transcriptId, out var set))
            {
                return PresenceSummary.Empty;
            }
            var here = set.Select(id => connections[id]).ToList();
            var readers = here.Where(c => c.UserId is not null).DistinctBy(c => c.UserId)
                .Select(c => new PresenceReader(c.UserId!, c.Name ?? "")).ToList();
            return new PresenceSummary(readers, here.Count(c => c.UserId is null));
        }
    }

    private void Untrack(string connectionId, Connection c)
    {
        if (c.TranscriptId is { } t && byTranscript.TryGetValue(t, out var set))
        {
            set.Remove(connectionId);
            if (set.Count == 0)
            {
                byTranscript.Remove(t);
            }
        }
    }
}
