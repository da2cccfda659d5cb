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
/// Latency is measured from sending the API write to the arrival, in each reader, of the first message whose page
/// version includes the write: after its answer the writer reads the committed version, and a message at that
/// version or later brings it. That version can also include later writes (whose messages come later), so the
/// figure can only overstate the latency. Clients only record the message; the page fetch a browser then makes is
/// the page's own throughput (measured with connections open below).
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
        await using var one = await AppProcess.StartAsync(cs, heapProbe: true);
        await using var two = await AppProcess.StartAsync(cs);

        // A first round unmeasured, as wrk warms up before its runs: the freshly started app's first writes are
        // still being compiled (tiered JIT), which put the API write's own p99 near a second in the first run.
        Console.WriteLine($"warm-up (not counted): {await FanOutAsync(cs, one, one, id, writers)}");
        var single = await FanOutAsync(cs, one, one, id, writers);
        Console.WriteLine($"fan-out, one node: {single}");
        var across = await FanOutAsync(cs, one, two, id, writers);
        Console.WriteLine($"fan-out, writes on node 1, readers on node 2: {across}");

        Console.WriteLine($"memory per idle live connection: {await MemoryPerConnectionAsync(one, id)}");
        Console.WriteLine($"transcript page with {Readers} live connections open: {await ThroughputWithConnectionsAsync(one, id)}");
        return 0;
    });

    /// <summary>
    /// Connections opened in steps of 500 up to 2,000 and kept open. After each step the app's managed heap is read
    /// after full compacting collections (through the bench's startup hook): the bytes the open connections keep
    /// reachable, which is the goal's figure. The figure is the largest growth per open connection after any step
    /// (heap then, less before the first, over the connections open then), an upper bound: it includes whatever
    /// the first connections warm up once. The resident set is shown beside it: it also counts what the garbage
    /// collector chooses to keep committed (it grows its budgets under load and returns memory lazily), which moved
    /// 44–150 KiB per connection between runs and can even shrink during a step. After closing them all, the heap
    /// is read once more when it has settled: what the connections leave behind (pools kept for the next ones).
    /// </summary>
    private static async Task<string> MemoryPerConnectionAsync(AppProcess app, long transcriptId)
    {
        const int step = 500;
        var open = new List<HubConnection>();
        var heap = new List<long> { await app.LiveHeapBytesAsync() };
        var resident = new List<long> { await SettledResidentAsync(app) };
        for (var i = 0; i < 4; i++)
        {
            open.AddRange(await ConnectAsync(app, transcriptId, step));
            heap.Add(await app.LiveHeapBytesAsync());
            resident.Add(await SettledResidentAsync(app));
        }
        await DisposeAllAsync(open);
        var afterClose = await SettledHeapAsync(app);
        List<double> PerConnection(List<long> readings) =>
            readings.Skip(1).Select((r, i) => (r - readings[0]) / (double)(step * (i + 1)) / 1024).ToList();
        string Kib(IEnumerable<double> values) => string.Join(", ", values.Select(k => k.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)));
        var heapPer = PerConnection(heap);
        return $"managed heap at most {heapPer.Max():F1} KiB per open connection (after each step of {step}: {Kib(heapPer)} KiB; "
            + $"goal < 64 KiB); resident set {Kib(PerConnection(resident))} KiB; heap after closing all "
            + $"{(afterClose - heap[0]) / 1024.0:+0;-0} KiB against the start";
    }

    /// <summary>
    /// The live heap once it has stopped moving (two readings 5 s apart within 2 %), at most a minute: each closing
    /// connection tells the ones still open that a reader left, so the heap first grows with those messages (to
    /// about twice its size with 2,000 open, falling back some 15 s later).
    /// </summary>
    private static async Task<long> SettledHeapAsync(AppProcess app)
    {
        var last = await app.LiveHeapBytesAsync();
        for (var i = 0; i < 12; i++)
        {
            await Task.Delay(5000);
            var now = await app.LiveHeapBytesAsync();
            if (Math.Abs(now - last) < last / 50)
            {
                return now;
            }
            last = now;
        }
        return last;
    }

    /// <summary>The resident set once it has stopped moving (two readings a second apart within 1 %), at most 10 s.</summary>
    private static async Task<long> SettledResidentAsync(AppProcess app)
    {
        var last = app.ResidentBytes;
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(1000);
            var now = app.ResidentBytes;
            if (Math.Abs(now - last) < last / 100)
            {
                return now;
            }
            last = now;
        }
        return last;
    }

    /// <summary>
    /// Runs without and with the live connections alternate (without, with, without, with, without, with, without),
    /// so each run with them is compared with the runs on either side of it: one pair of runs moved by ±10 % with
    /// their order. The figure is the median of the three ratios.
    /// </summary>
    private static async Task<string> ThroughputWithConnectionsAsync(AppProcess app, long transcriptId)
    {
        const int seconds = 10;
        var url = new Uri(app.BaseAddress, $"/Transcripts/{transcriptId}").ToString();
        await Wrk.RunAsync(url, 16, 15);
        var without = new List<WrkResult> { await Wrk.RunAsync(url, 16, seconds) };
        var with = new List<WrkResult>();
        for (var round = 0; round < 3; round++)
        {
            var open = await ConnectAsync(app, transcriptId, Readers);
            with.Add(await Wrk.RunAsync(url, 16, seconds));
            await DisposeAllAsync(open);
            without.Add(await Wrk.RunAsync(url, 16, seconds));
        }
        var ratios = with.Select((w, i) => w.RequestsPerSecond / ((without[i].RequestsPerSecond + without[i + 1].RequestsPerSecond) / 2)).ToList();
        string Rates(IEnumerable<WrkResult> runs) => string.Join(", ", runs.Select(r => r.RequestsPerSecond.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)));
        return $"{ratios.Order().ElementAt(1):P0} of the runs beside it without (median of 3: "
            + $"{string.Join(", ", ratios.Select(r => r.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)))}; with {Rates(with)} req/s, "
            + $"without {Rates(without)} req/s; errors {with.Concat(without).Sum(r => r.Errors)}; goal ≥ 90 %)";
    }

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

    private static async Task<List<HubConnection>> ConnectAsync(AppProcess app, long transcriptId, int count, Action<int, long>? onPage = null)
    {
        var connections = new List<HubConnection>();
        for (var i = 0; i < count; i++)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(app.BaseAddress, "/hubs/reading"), o => { o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
                .Build();
            if (onPage is not null)
            {
                var reader = i;
                connection.On<long, long>("page", (_, version) => onPage(reader, version));
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

    private sealed record Write(long Sent, long Done, long VersionAfter);

    private static async Task<string> FanOutAsync(string cs, AppProcess writesTo, AppProcess readsFrom, long transcriptId, List<(string Token, List<long> Taggings)> writers)
    {
        // (arrival in microseconds since the epoch, version) of every message, per reader, in arrival order.
        var arrivals = Enumerable.Range(0, Readers).Select(_ => new ConcurrentQueue<(long At, long Version)>()).ToArray();
        var recording = false;
        var readers = await ConnectAsync(readsFrom, transcriptId, Readers, (reader, version) =>
        {
            if (Volatile.Read(ref recording))
            {
                arrivals[reader].Enqueue((NowMicros(), version));
            }
        });
        Volatile.Write(ref recording, true);
        var writes = new ConcurrentBag<Write>();
        var failures = new ConcurrentDictionary<int, int>();
        var until = DateTime.UtcNow + WriteFor;
        await using var versions = Npgsql.NpgsqlDataSource.Create(cs);
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
                var done = NowMicros();
                if (!response.IsSuccessStatusCode)
                {
                    failures.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                }
                else
                {
                    await using var cmd = versions.CreateCommand($"SELECT transcript_page_version({transcriptId})");
                    writes.Add(new Write(sent, done, (long)(await cmd.ExecuteScalarAsync())!));
                }
                await Task.Delay(WriterPause);
            }
        }));
        await Task.Delay(2000);
        Volatile.Write(ref recording, false);
        await DisposeAllAsync(readers);
        var (fromWrite, missed) = FromApiWrite(writes.ToList(), arrivals.Select(a => a.ToList()).ToList());
        var api = writes.Select(x => (x.Done - x.Sent) / 1000.0).Order().ToList();
        var failed = failures.IsEmpty ? "none failed" : "failed: " + string.Join(", ", failures.OrderBy(f => f.Key).Select(f => $"{f.Value} × {f.Key}"));
        return $"{writes.Count + failures.Values.Sum()} writes ({failed}), {arrivals.Sum(a => a.Count)} messages to {Readers} readers; "
            + $"latency from sending the API write to each reader p50 {At(fromWrite, 0.50):F0} ms, p99 {At(fromWrite, 0.99):F0} ms "
            + $"(goal p99 < 500 ms; {fromWrite.Count:N0} write × reader pairs, {missed} never arrived); "
            + $"API write p50 {At(api, 0.50):F0} ms, p99 {At(api, 0.99):F0} ms";
    }

    /// <summary>
    /// For each write and each reader: from sending the write to the reader's first message at a version that
    /// includes it. A reader's messages come in the order the node relayed them, at non-decreasing versions.
    /// </summary>
    private static (List<double> Sorted, int Missed) FromApiWrite(List<Write> writes, List<List<(long At, long Version)>> arrivals)
    {
        var latencies = new List<double>(writes.Count * arrivals.Count);
        var missed = 0;
        foreach (var messages in arrivals)
        {
            // Running maximum, so that a search finds the first message at or past a version.
            var highest = new long[messages.Count];
            for (var i = 0; i < messages.Count; i++)
            {
                highest[i] = Math.Max(messages[i].Version, i > 0 ? highest[i - 1] : long.MinValue);
            }
            foreach (var write in writes)
            {
                var i = Array.BinarySearch(highest, write.VersionAfter);
                if (i >= 0)
                {
                    while (i > 0 && highest[i - 1] == write.VersionAfter)
                    {
                        i--;
                    }
                }
                else
                {
                    i = ~i;
                }
                if (i < messages.Count)
                {
                    latencies.Add((messages[i].At - write.Sent) / 1000.0);
                }
                else
                {
                    missed++;
                }
            }
        }
        latencies.Sort();
        return (latencies, missed);
    }

    private static double At(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
}
