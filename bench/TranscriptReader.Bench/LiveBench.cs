using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Bench;

/// <summary>
/// Live updates (issue 14): fan-out latency with 200 readers connected (WebSockets) to one transcript while 30
/// writers vote through the API, on one node and across two; memory per idle connection; transcript page
/// throughput with 200 live connections open next to none.
/// </summary>
/// <remarks>
/// Latency is measured from the write's statement in PostgreSQL to the message's arrival in a client: the
/// version a notification carries is the trigger's clock_timestamp in microseconds, on this same machine's
/// clock. The API round trip before it is printed apart. Clients only record the message; the page fetch a
/// browser then makes is the page's own throughput (measured with connections open below).
/// </remarks>
public static class LiveBench
{
    private const int Readers = 200;
    private const int Writers = 30;
    private static readonly TimeSpan WriteFor = TimeSpan.FromSeconds(15);
    // Each writer votes about twice a second: a busy reading group, 60 changes a second on one transcript.
    private static readonly TimeSpan WriterPause = TimeSpan.FromMilliseconds(500);

    public static Task RunAsync(string server) => BenchDatabase.WithAsync(async cs =>
    {
        var id = await PageBench.SeedAsync(cs, seed: 11);
        var (tokens, taggings) = await WritersAsync(cs);
        await using var one = await AppProcess.StartAsync(cs);
        await using var two = await AppProcess.StartAsync(cs);

        var single = await FanOutAsync(one, one, id, tokens, taggings);
        Console.WriteLine($"fan-out, one node: {single}");
        var across = await FanOutAsync(one, two, id, tokens, taggings);
        Console.WriteLine($"fan-out, writes on node 1, readers on node 2: {across}");

        var before = one.ResidentBytes;
        var idle = await ConnectAsync(one, id, 1000);
        await Task.Delay(3000);
        var perConnection = (one.ResidentBytes - before) / 1000.0;
        Console.WriteLine($"memory per idle live connection: {perConnection / 1024:F1} KiB (1,000 connections; goal < 64 KiB)");
        await DisposeAllAsync(idle);

        var quiet = await Suite.LoadAsync(one, $"/Transcripts/{id}");
        var open = await ConnectAsync(one, id, Readers);
        var busy = await Suite.LoadAsync(one, $"/Transcripts/{id}");
        await DisposeAllAsync(open);
        Console.WriteLine($"transcript page without live connections: {Suite.Describe(quiet)}");
        Console.WriteLine($"transcript page with {Readers} live connections open: {Suite.Describe(busy)}, "
            + $"{busy.RequestsPerSecond / quiet.RequestsPerSecond:P0} of the figure without (goal ≥ 90 %)");
        return 0;
    });

    private static async Task<(List<string> Tokens, List<long> Taggings)> WritersAsync(string cs)
    {
        await using var db = DbSetup.CreateContext(cs);
        var tokens = new List<string>();
        var service = new ApiTokenService(db, TimeProvider.System);
        foreach (var user in await db.Users.OrderBy(u => u.UserName).ToListAsync())
        {
            tokens.Add((await service.CreateAsync(user.Id, "bench")).Secret);
        }
        return (tokens, await db.Taggings.OrderBy(t => t.Id).Select(t => t.Id).ToListAsync());
    }

    private static async Task<List<HubConnection>> ConnectAsync(AppProcess app, long transcriptId, int count, Action<long>? onPage = null)
    {
        var connections = new List<HubConnection>();
        for (var i = 0; i < count; i++)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(app.BaseAddress, "/hubs/reading"), o => { o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
                .Build();
            if (onPage is not null)
            {
                connection.On<long, long>("page", (_, version) => onPage(version));
            }
            await connection.StartAsync();
            await connection.InvokeAsync<System.Text.Json.JsonElement>("Join", transcriptId);
            connections.Add(connection);
        }
        return connections;
    }

    private static async Task DisposeAllAsync(List<HubConnection> connections)
    {
        foreach (var c in connections)
        {
            await c.DisposeAsync();
        }
    }

    private static async Task<string> FanOutAsync(AppProcess writesTo, AppProcess readsFrom, long transcriptId, List<string> tokens, List<long> taggings)
    {
        var latencies = new ConcurrentBag<double>();
        var recording = false;
        var readers = await ConnectAsync(readsFrom, transcriptId, Readers, version =>
        {
            if (Volatile.Read(ref recording))
            {
                var nowMicros = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
                latencies.Add((nowMicros - version) / 1000.0);
            }
        });
        Volatile.Write(ref recording, true);
        var apiTimes = new ConcurrentBag<double>();
        var errors = 0;
        var until = DateTime.UtcNow + WriteFor;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async w =>
        {
            using var http = new HttpClient { BaseAddress = writesTo.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens[w % tokens.Count]);
            var random = new Random(w);
            while (DateTime.UtcNow < until)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var response = await http.PostAsJsonAsync($"/api/v1/taggings/{taggings[random.Next(taggings.Count)]}/vote", new { value = random.Next(2) == 0 ? 1 : -1 });
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
                apiTimes.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                await Task.Delay(WriterPause);
            }
        }));
        await Task.Delay(2000);
        Volatile.Write(ref recording, false);
        await DisposeAllAsync(readers);
        var sorted = latencies.Order().ToList();
        var api = apiTimes.Order().ToList();
        return $"{apiTimes.Count} writes ({errors} failed), {sorted.Count} messages to {Readers} readers; "
            + $"latency p50 {At(sorted, 0.50):F0} ms, p99 {At(sorted, 0.99):F0} ms (goal p99 < 500 ms); API write p50 {At(api, 0.50):F0} ms, p99 {At(api, 0.99):F0} ms";
    }

    private static double At(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
}
