using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TranscriptReader.Bench;

/// <summary>
/// One figure of <c>bench/out/latest.json</c>: <paramref name="Value"/> in <paramref name="Unit"/>, its latency
/// percentiles where it is a load test, the baseline measured in the same run (in the same unit) and
/// <paramref name="Ratio"/> = value / baseline as a fraction (0.5 = 50 %). Fields that do not apply are null.
/// </summary>
/// <param name="Name">Kebab-case row name, stable across runs (e.g. <c>transcript-page-anonymous</c>).</param>
/// <param name="Value">The figure.</param>
/// <param name="Unit">Its unit, e.g. <c>req/s</c>, <c>s</c>, <c>rows/s</c>, <c>bytes</c>.</param>
/// <param name="P50Ms">Median latency under load, in milliseconds.</param>
/// <param name="P99Ms">99th-percentile latency under load, in milliseconds.</param>
/// <param name="Baseline">The baseline of the same run, in <paramref name="Unit"/>.</param>
/// <param name="Ratio">Value / baseline.</param>
public sealed record ReportRow(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("p50_ms")] double? P50Ms,
    [property: JsonPropertyName("p99_ms")] double? P99Ms,
    [property: JsonPropertyName("baseline")] double? Baseline,
    [property: JsonPropertyName("ratio")] double? Ratio)
{
    /// <summary>
    /// A wrk figure next to its baseline. Only successful responses count: a page answering errors fast must not
    /// look fast, so the throughput is scaled by the share of 2xx/3xx answers, and is 0 when
    /// <paramref name="succeeded"/> is false (a probe of the page answered neither 2xx).
    /// </summary>
    /// <param name="name">The row's kebab-case name.</param>
    /// <param name="result">The measured run.</param>
    /// <param name="baseline">The baseline run, if any.</param>
    /// <param name="succeeded">Whether the page answers 2xx (wrk cannot tell a redirect from a page).</param>
    public static ReportRow Load(string name, WrkResult result, WrkResult? baseline, bool succeeded = true)
    {
        var good = result.Requests == 0 || !succeeded ? 0 : result.RequestsPerSecond * Math.Max(0, result.Requests - result.Errors) / result.Requests;
        return new ReportRow(name, Math.Round(good, 1), "req/s", result.P50Ms, result.P99Ms,
            baseline is null ? null : Math.Round(baseline.RequestsPerSecond, 1),
            baseline is null ? null : Math.Round(good / baseline.RequestsPerSecond, 4));
    }
}

/// <summary>Writes a run's rows to <c>bench/out/latest.json</c>: the one writer of the suite and of <c>scripts/bench pages</c>.</summary>
public static class BenchReport
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    private sealed record Report(
        [property: JsonPropertyName("scale")] int Scale,
        [property: JsonPropertyName("machine")] string Machine,
        [property: JsonPropertyName("rows")] IReadOnlyList<ReportRow> Rows);

    /// <summary>
    /// Cores, memory, CPU model and the load average, read when called (call it at the start of a run: the load
    /// average then says how busy the shared machine was before the bench added its own load).
    /// </summary>
    public static string Machine()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30);
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {memory} GiB, {cpu ?? "unknown CPU"}, load average at start {load}");
    }

    /// <summary>
    /// Writes the report to <c>latest.json</c> in TR_BENCH_OUT (scripts/bench sets it to <c>bench/out</c>), else in
    /// <c>bench/out</c> under the working directory; returns the path.
    /// </summary>
    public static async Task<string> WriteAsync(int scale, string machine, IEnumerable<ReportRow> rows)
    {
        var directory = Environment.GetEnvironmentVariable("TR_BENCH_OUT") is { Length: > 0 } configured
            ? configured
            : Path.Combine("bench", "out");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "latest.json");
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, new Report(scale, machine, [.. rows]), Options);
        return path;
    }
}
