using Microsoft.AspNetCore.SignalR;

namespace TranscriptReader.Web.Live;

/// <summary>What a page is told about presence: everyone counted, signed-in readers named.</summary>
public sealed record PresenceMessage(long TranscriptId, int Count, int Anonymous, IReadOnlyList<string> Names);

/// <summary>
/// Sends to this node's own connections (<see cref="LiveReaders"/>), by id: every node hears every
/// notification from PostgreSQL and tells only the readers it holds.
/// </summary>
public sealed class LiveRelay(IHubContext<ReadingHub> hub, LiveReaders readers, ILogger<LiveRelay> logger)
{
    /// <summary>Client method: a transcript page moved to a version ("page", transcriptId, version).</summary>
    public const string PageMethod = "page";
    /// <summary>Client method: the epoch all pages share moved ("epoch", epoch).</summary>
    public const string EpochMethod = "epoch";
    public const string PresenceMethod = "presence";
    /// <summary>Client method: the reader's unread inbox count ("inbox", unread).</summary>
    public const string InboxMethod = "inbox";

    public Task PageAsync(long transcriptId, long version) =>
        SendAsync(readers.ConnectionsOf(transcriptId), PageMethod, transcriptId, version);

    public Task EpochAsync(long epoch) => SendAsync(readers.AllConnections(), EpochMethod, epoch, null);

    public Task PresenceAsync(long transcriptId, PresenceSummary summary) =>
        SendAsync(readers.ConnectionsOf(transcriptId), PresenceMethod, ToMessage(transcriptId, summary), null);

    public Task InboxAsync(string userId, int unread) => SendAsync(readers.ConnectionsOfUser(userId), InboxMethod, unread, null);

    public static PresenceMessage ToMessage(long transcriptId, PresenceSummary summary) =>
        new(transcriptId, summary.Count, summary.Anonymous,
            summary.Readers.Select(r => r.Name).Order(StringComparer.CurrentCultureIgnoreCase).ToList());

    private async Task SendAsync(IReadOnlyList<string> connections, string method, object first, object? second)
    {
        if (connections.Count == 0)
        {
            return;
        }
        try
        {
            var clients = hub.Clients.Clients(connections);
            await (second is null ? clients.SendAsync(method, first) : clients.SendAsync(method, first, second));
        }
        catch (Exception ex)
        {
            // A send to connections closing under it must not stop the relay of the next notification.
            logger.LogWarning(ex, "Live {Method} to {Connections} connections failed", method, connections.Count);
        }
    }
}
