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
/// Latency is measured from sending the API write to the message's arrival in a client (the goal's figure), and
/// apart from the write's statement in PostgreSQL: the version a notification carries is the trigger's
/// clock_timestamp in microseconds, on this same machine's clock, which also ties each message to its write
/// (<see cref="FromApiWrite"/>). Clients only record the message; the page fetch a browser then makes is the
/// page's own throughput (measured with connections open below).
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
        var writers = await WritersAsync(cs);
        await using var one = await AppProcess.StartAsync(cs);
        await using var two = await AppProcess.StartAsync(cs);

        // A first round unmeasured, as wrk warms up before its runs: the freshly started app's first writes are
        // still being compiled (tiered JIT), which put the API write's own p99 near a second in the first run.
        Console.WriteLine($"warm-up (not counted): {await FanOutAsync(one, one, id, writers)}");
        var single = await FanOutAsync(one, one, id, writers);
        Console.WriteLine($"fan-out, one node: {single}");
        var across = await FanOutAsync(one, two, id, writers);
        Console.WriteLine($"fan-out, writes on node 1, readers on node 2: {across}");

        var before = one.ResidentBytes;
        var idle = await ConnectAsync(one, id, 1000);
        await Task.Delay(3000);
        var perConnection = (one.ResidentBytes - before) / 1000.0;
        Console.WriteLine($"memory per idle live connection: {perConnection / 1024:F1} KiB (1,000 connections; goal < 64 KiB)");
        await DisposeAllAsync(idle);

        // Without, with, without again: the ratio is against the mean of both runs without, so that the app still
        // warming up (or the machine's load drifting) does not read as an effect of the connections.
        var quiet = await Suite.LoadAsync(one, $"/Transcripts/{id}");
        var open = await ConnectAsync(one, id, Readers);
        var busy = await Suite.LoadAsync(one, $"/Transcripts/{id}");
        await DisposeAllAsync(open);
        var quietAgain = await Suite.LoadAsync(one, $"/Transcripts/{id}");
        var without = (quiet.RequestsPerSecond + quietAgain.RequestsPerSecond) / 2;
        Console.WriteLine($"transcript page without live connections: {Suite.Describe(quiet)}; again after: {Suite.Describe(quietAgain)}");
        Console.WriteLine($"transcript page with {Readers} live connections open: {Suite.Describe(busy)}, "
            + $"{busy.RequestsPerSecond / without:P0} of the mean without (goal ≥ 90 %)");
        return 0;
    });

    /// <summary>A token per reader, with the taggings that reader may vote on (not their own: those votes are refused).</summary>
    private static async Task<List<(string Token, List<long> Taggings)>> WritersAsync(string cs)
    {
        await using var db = DbSetup.CreateContext(cs);
        var writers = new List<(string, List<long>)>();
        var service = new ApiTokenService(db, TimeProvider.System);
        var taggings = await db.Taggings.OrderBy(t => t.Id).Select(t => new { t.Id, t.UserId }).ToListAsync();
        foreach (var user in await db.Users.OrderBy(u => u.UserName).ToListAsync())
        {
            var others = taggings.Where(t => t.UserId != user.Id).Select(t => t.Id).ToList();
            if (others.Count > 0)
            {
                writers.Add(((await service.CreateAsync(user.Id, "bench")).Secret, others));
            }
        }
        return writers;
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

    private static long NowMicros() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;

    private static async Task<string> FanOutAsync(AppProcess writesTo, AppProcess readsFrom, long transcriptId, List<(string Token, List<long> Taggings)> writers)
    {
        // (arrival, version) of every message a reader got, both in microseconds since the epoch.
        var arrivals = new ConcurrentBag<(long At, long Version)>();
        var recording = false;
        var readers = await ConnectAsync(readsFrom, transcriptId, Readers, version =>
        {
            if (Volatile.Read(ref recording))
            {
                arrivals.Add((NowMicros(), version));
            }
        });
        Volatile.Write(ref recording, true);
        // (sent, answered) of every API write, microseconds since the epoch.
        var writes = new ConcurrentBag<(long Sent, long Done)>();
        var failures = new ConcurrentDictionary<int, int>();
        var until = DateTime.UtcNow + WriteFor;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async w =>
        {
            using var http = new HttpClient { BaseAddress = writesTo.BaseAddress };
            var (token, taggings) = writers[w % writers.Count];
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var random = new Random(w);
            while (DateTime.UtcNow < until)
            {
                var sent = NowMicros();
                var response = await http.PostAsJsonAsync($"/api/v1/taggings/{taggings[random.Next(taggings.Count)]}/vote", new { value = random.Next(2) == 0 ? 1 : -1 });
                if (!response.IsSuccessStatusCode)
                {
                    failures.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                }
                writes.Add((sent, NowMicros()));
                await Task.Delay(WriterPause);
            }
        }));
        await Task.Delay(2000);
        Volatile.Write(ref recording, false);
        await DisposeAllAsync(readers);
        var received = arrivals.ToList();
        var fromStatement = received.ConvertAll(m => (m.At - m.Version) / 1000.0);
        fromStatement.Sort();
        var (fromWrite, unmatched) = FromApiWrite(writes.ToList(), received);
        var api = writes.Select(x => (x.Done - x.Sent) / 1000.0).Order().ToList();
        var failed = failures.IsEmpty ? "none failed" : "failed: " + string.Join(", ", failures.OrderBy(f => f.Key).Select(f => $"{f.Value} × {f.Key}"));
        return $"{writes.Count} writes ({failed}), {received.Count} messages to {Readers} readers; "
            + $"latency from sending the API write p50 {At(fromWrite, 0.50):F0} ms, p99 {At(fromWrite, 0.99):F0} ms (goal p99 < 500 ms; {unmatched} messages matched no write); "
            + $"from the write's statement in PostgreSQL p50 {At(fromStatement, 0.50):F0} ms, p99 {At(fromStatement, 0.99):F0} ms; "
            + $"API write p50 {At(api, 0.50):F0} ms, p99 {At(api, 0.99):F0} ms";
    }

    /// <summary>
    /// Latency from sending the API write to a message's arrival. A message carries the version its write's trigger
    /// took (the statement's clock, inside the request), so its write is one in flight then: sent no later and
    /// answered no earlier. Of several such writes the earliest sent is taken, which can only overstate the latency.
    /// </summary>
    private static (List<double> Sorted, int Unmatched) FromApiWrite(List<(long Sent, long Done)> writes, List<(long At, long Version)> messages)
    {
        writes.Sort();
        var sent = writes.ConvertAll(w => w.Sent);
        var longest = writes.Count == 0 ? 0 : writes.Max(w => w.Done - w.Sent);
        var latencies = new List<double>(messages.Count);
        var unmatched = 0;
        foreach (var (at, version) in messages)
        {
            var i = sent.BinarySearch(version);
            i = i >= 0 ? i : ~i - 1;
            long? earliest = null;
            for (; i >= 0 && writes[i].Sent >= version - longest; i--)
            {
                if (writes[i].Done >= version)
                {
                    earliest = writes[i].Sent;
                }
            }
            if (earliest is { } s)
            {
                latencies.Add((at - s) / 1000.0);
            }
            else
            {
                unmatched++;
            }
        }
        latencies.Sort();
        return (latencies, unmatched);
    }

    private static double At(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
}
