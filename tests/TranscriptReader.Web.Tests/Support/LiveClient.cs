using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace TranscriptReader.Web.Tests.Support;

/// <summary>
/// A SignalR client of <c>/hubs/reading</c> on a test host (long polling through the test server's handler),
/// recording what the server pushes.
/// </summary>
public sealed class LiveClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<(long TranscriptId, long Version)> pages = new();
    private readonly ConcurrentQueue<JsonElement> presences = new();
    private readonly ConcurrentQueue<int> inbox = new();

    private LiveClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<long, long>("page", (t, v) => pages.Enqueue((t, v)));
        connection.On<JsonElement>("presence", p => presences.Enqueue(p));
        connection.On<int>("inbox", n => inbox.Enqueue(n));
        connection.Closed += e =>
        {
            ClosedWith = e ?? new InvalidOperationException("closed");
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    /// <summary>Set once the server closed the connection.</summary>
    public Exception? ClosedWith { get; private set; }

    public static async Task<LiveClient> ConnectAsync<T>(WebApplicationFactory<T> app, string? token = null) where T : class
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/reading"), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();
        var client = new LiveClient(connection);
        await connection.StartAsync();
        return client;
    }

    public Task<JsonElement> JoinAsync(long transcriptId) => Connection.InvokeAsync<JsonElement>("Join", transcriptId);

    /// <summary>Waits for a "page" message of <paramref name="transcriptId"/> newer than <paramref name="after"/>.</summary>
    public Task<long> NextPageVersionAsync(long transcriptId, long after, int seconds = 15) =>
        WaitAsync(() => pages.Where(p => p.TranscriptId == transcriptId && p.Version > after).Select(p => (long?)p.Version).FirstOrDefault(), seconds);

    public bool HeardPage(long transcriptId) => pages.Any(p => p.TranscriptId == transcriptId);

    public Task<JsonElement> PresenceAsync(Func<JsonElement, bool> match, int seconds = 15) =>
        WaitAsync(() => presences.Where(match).Select(p => (JsonElement?)p).LastOrDefault(), seconds);

    public Task<int> InboxAsync(Func<int, bool> match, int seconds = 15) =>
        WaitAsync(() => inbox.Where(match).Select(n => (int?)n).LastOrDefault(), seconds);

    public async Task WaitClosedAsync(int seconds = 15)
    {
        await WaitAsync(() => ClosedWith is null ? (bool?)null : true, seconds);
    }

    private static async Task<TValue> WaitAsync<TValue>(Func<TValue?> probe, int seconds) where TValue : struct
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Nothing arrived within {seconds} s.");
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
