using System.Threading.Channels;
using Npgsql;

namespace TranscriptReader.Web.Live;

/// <summary>
/// One LISTEN connection per node: relays <c>transcript_pages</c> (page versions moved by the database
/// triggers, whatever made the write: any node, the API, the admin CLI, plain SQL), <c>live_presence</c>
/// and <c>live_inbox</c> to this node's readers. After the connection is lost (PostgreSQL restarted, network
/// cut) it reconnects with back-off and then tells every page this node holds its current version, so
/// notifications sent while it was away are caught up rather than lost.
/// </summary>
public sealed class LiveListener(
    LiveDatabase database, LiveRelay relay, LiveReaders readers, ReadingPresence presence, InboxRelay inbox,
    ILogger<LiveListener> logger) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    // Notifications arrive on the connection's reading loop; relaying them must not hold it up.
    private readonly Channel<(string Channel, string Payload)> received =
        Channel.CreateUnbounded<(string, string)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>Set while the LISTEN connection is up (for health and tests).</summary>
    public bool Listening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var relaying = RelayAsync(stoppingToken);
        var beating = BeatAsync(stoppingToken);
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => backoff = TimeSpan.FromMilliseconds(250), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Live updates: lost the LISTEN connection; reconnecting in {Backoff}", backoff);
            }
            Listening = false;
            try
            {
                await Task.Delay(backoff, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
        received.Writer.TryComplete();
        await Task.WhenAll(relaying, beating);
    }

    private async Task ListenAsync(Action connected, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ListenConnectionString);
        await connection.OpenAsync(ct);
        connection.Notification += (_, e) => received.Writer.TryWrite((e.Channel, e.Payload));
        await using (var listen = new NpgsqlCommand(
            $"LISTEN {PageChange.Channel}; LISTEN {ReadingPresence.Channel}; LISTEN {InboxRelay.Channel};", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }
        Listening = true;
        connected();
        logger.LogInformation("Live updates: listening for page changes");
        await CatchUpAsync(ct);
        while (true)
        {
            if (!await connection.WaitAsync(Idle, ct))
            {
                // Nothing for a while: prove the connection is alive rather than wait on a dead one.
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(ct);
            }
        }
    }

    /// <summary>The current version of every page this node's readers hold, and the epoch, to every one of them.</summary>
    private async Task CatchUpAsync(CancellationToken ct)
    {
        var ids = readers.Transcripts().ToArray();
        await using var cmd = database.Source.CreateCommand(
            "SELECT id, transcript_page_version(id) FROM transcripts WHERE id = ANY(@ids) UNION ALL SELECT NULL, value FROM page_epoch");
        cmd.Parameters.AddWithValue("ids", ids);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            received.Writer.TryWrite((PageChange.Channel, (reader.IsDBNull(0) ? "*" : reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture))
                + " " + reader.GetInt64(1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private async Task RelayAsync(CancellationToken ct)
    {
        try
        {
            while (await received.Reader.WaitToReadAsync(ct))
            {
                // Page changes waiting together are relayed once per transcript, at its committed version.
                var pages = new Dictionary<long, long>();
                while (received.Reader.TryRead(out var item))
                {
                    if (item.Channel == PageChange.Channel && PageChange.Parse(item.Payload) is { TranscriptId: { } id } change)
                    {
                        pages[id] = Math.Max(change.Version, pages.GetValueOrDefault(id));
                        continue;
                    }
                    await RelaySafelyAsync(item.Channel, item.Payload, () => RelayOneAsync(item.Channel, item.Payload));
                }
                if (pages.Count > 0)
                {
                    await RelayPagesAsync(pages, ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// A notification carries the version its own transaction saw; writers on one transcript raise different
    /// slots and commit concurrently, so the last notification to arrive can name a lower version than the one
    /// committed (and a page that already showed more would ignore it). NOTIFY is delivered after commit, so
    /// reading the version now includes every write announced so far.
    /// </summary>
    private async Task RelayPagesAsync(Dictionary<long, long> pages, CancellationToken ct)
    {
        try
        {
            await using var cmd = database.Source.CreateCommand("SELECT id, transcript_page_version(id) FROM transcripts WHERE id = ANY(@ids)");
            cmd.Parameters.AddWithValue("ids", pages.Keys.ToArray());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetInt64(0);
                pages[id] = Math.Max(pages[id], reader.GetInt64(1));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Live updates: could not read the committed versions of {Count} pages; relaying the notified ones", pages.Count);
        }
        foreach (var (id, version) in pages)
        {
            await RelaySafelyAsync(PageChange.Channel, $"{id} {version}", () => relay.PageAsync(id, version));
        }
    }

    private async Task RelaySafelyAsync(string channel, string payload, Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Live updates: could not relay {Channel} {Payload}", channel, payload);
        }
    }

    private Task RelayOneAsync(string channel, string payload)
    {
        switch (channel)
        {
            case PageChange.Channel:
                return PageChange.Parse(payload) switch
                {
                    { TranscriptId: { } id } change => relay.PageAsync(id, change.Version),
                    { } epoch => relay.EpochAsync(epoch.Version),
                    null => Task.CompletedTask,
                };
            case ReadingPresence.Channel:
                return presence.ReceiveAsync(payload);
            case InboxRelay.Channel:
                return inbox.ChangedAsync(payload);
            default:
                return Task.CompletedTask;
        }
    }

    private async Task BeatAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(ReadingPresence.Heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                await presence.BeatAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
