using System.Diagnostics;
using System.Globalization;

namespace TranscriptReader.Bench;

/// <summary>
/// The Release build of the app (published by scripts/bench, path in TR_BENCH_APP) as its own process on
/// a loopback port, so its memory is its own and the load generator does not share its thread pool; or, the
/// same way, the Fortunes baseline host (TranscriptReader.Bench.Baseline, path in TR_BENCH_BASELINE), which
/// wires the app's services and middleware around the baseline page.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;

    private readonly int? heapProbePort;

    private AppProcess(Process process, Uri baseAddress, int? heapProbePort)
    {
        this.process = process;
        BaseAddress = baseAddress;
        this.heapProbePort = heapProbePort;
    }

    public Uri BaseAddress { get; }

    /// <summary>
    /// The app, as readers get it; with <paramref name="heapProbe"/> also the bench's startup hook
    /// (TranscriptReader.Bench.HeapProbe, path in TR_BENCH_HEAP_PROBE) for <see cref="LiveHeapBytesAsync"/>.
    /// </summary>
    public static Task<AppProcess> StartAsync(string connectionString, bool heapProbe = false) =>
        StartAsync(connectionString, "TR_BENCH_APP", "TranscriptReader.Web.dll", heapProbe);

    /// <summary>The baseline host serving <c>/bench/fortunes</c> through the app's own pipeline.</summary>
    public static Task<AppProcess> StartBaselineAsync(string connectionString) =>
        StartAsync(connectionString, "TR_BENCH_BASELINE", "TranscriptReader.Bench.Baseline.dll", heapProbe: false);

    private static async Task<AppProcess> StartAsync(string connectionString, string variable, string published, bool heapProbe)
    {
        var dll = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(dll) || !File.Exists(dll))
        {
            throw new InvalidOperationException($"{variable} must name the published {published}; scripts/bench sets it.");
        }
        var port = TranscriptReader.Testing.LoopbackPort.Free();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        var settings = new Dictionary<string, string>
        {
            ["TR_DATABASE"] = connectionString,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__MigrateOnStart"] = "false",
            ["Database__SeedDemoData"] = "false",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            // The benchmark user would otherwise hit the per-user limits meant for people.
            ["RateLimits__exports__PermitLimit"] = "1000000",
            ["RateLimits__imports__PermitLimit"] = "1000000",
            ["RateLimits__writes__PermitLimit"] = "1000000",
            ["RateLimits__comments__PermitLimit"] = "1000000",
            // The data set of scripts/bench pages --scale N imports 2,000 N transcripts as one reader in minutes.
            ["Import__DailyTranscriptsPerUser"] = "100000000",
            // wrk's anonymous page requests all come from one loopback address.
            ["RateLimits__anonymous__PermitLimit"] = "100000000",
            // The live bench opens a thousand anonymous connections from one loopback address.
            ["Live__MaxConnectionsPerUser"] = "100000",
        };
        int? probePort = null;
        if (heapProbe)
        {
            var hook = Environment.GetEnvironmentVariable("TR_BENCH_HEAP_PROBE");
            if (string.IsNullOrEmpty(hook) || !File.Exists(hook))
            {
                throw new InvalidOperationException("TR_BENCH_HEAP_PROBE must name the built TranscriptReader.Bench.HeapProbe.dll; scripts/bench sets it.");
            }
            probePort = TranscriptReader.Testing.LoopbackPort.Free();
            settings["DOTNET_STARTUP_HOOKS"] = hook;
            settings["TR_BENCH_HEAP_PROBE_PORT"] = probePort.Value.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("The app did not start.");
        // Drained so a chatty log can never block the app on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"), probePort);
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 360; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {process.ExitCode} while starting.");
            }
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy to answer within the timeout: ask again.
            }
            await Task.Delay(500);
        }
        await app.DisposeAsync();
        throw new InvalidOperationException("The app did not become healthy within 3 minutes (a loaded machine starts it slowly).");
    }

    /// <summary>
    /// The managed heap's live bytes after full compacting collections, read through the startup hook: what the
    /// reachable objects occupy, not what the collector keeps committed.
    /// </summary>
    public async Task<long> LiveHeapBytesAsync()
    {
        var port = heapProbePort ?? throw new InvalidOperationException("This app was started without the heap probe.");
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        using var reader = new StreamReader(client.GetStream());
        return long.Parse((await reader.ReadLineAsync())!, CultureInfo.InvariantCulture);
    }

    /// <summary>Resident memory now, from /proc.</summary>
    public long ResidentBytes => Status("VmRSS:");

    /// <summary>The highest resident memory since start or since the last <see cref="ResetPeak"/>.</summary>
    public long PeakResidentBytes => Status("VmHWM:");

    /// <summary>Resets the kernel's peak-RSS mark to the current RSS (Linux: "5" into clear_refs).</summary>
    public bool ResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{process.Id}/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private long Status(string field)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        var kb = long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kb * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
