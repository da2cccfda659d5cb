using TranscriptReader.Core.Inbox;

namespace TranscriptReader.Web.Live;

/// <summary>
/// Live unread badges: the <c>live_inbox</c> channel names a reader whose inbox changed (a trigger on
/// <c>inbox_items</c>, whichever node or tool wrote it); the node holding that reader's connections reads
/// the count afresh and sends it to them.
/// </summary>
public sealed class InboxRelay(IServiceScopeFactory scopes, LiveReaders readers, LiveRelay relay)
{
    public const string Channel = "live_inbox";

    public async Task ChangedAsync(string userId)
    {
        if (readers.ConnectionsOfUser(userId).Count == 0)
        {
            return;
        }
        using var scope = scopes.CreateScope();
        var unread = await scope.ServiceProvider.GetRequiredService<InboxService>()
            .UnreadCountAsync(userId, readers.IsModerator(userId), CancellationToken.None);
        await relay.InboxAsync(userId, unread);
    }
}
