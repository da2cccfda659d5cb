using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using TranscriptReader.Web.Compression;

namespace TranscriptReader.Bench;

/// <summary>
/// The transcript page on the wire (issue 18): about 52,000 characters with 1,000 taggings by 20 readers, the
/// page that went out uncompressed at 955 KB. Its bytes with and without gzip for an anonymous visitor and a
/// signed-in reader (checked to decode to the identity page), the one-time cost of compressing its shared part at
/// two levels, and wrk throughput with and without <c>Accept-Encoding: gzip</c> next to Fortunes, in a small
/// database of its own.
/// </summary>
public static class PageBytesBench
{
    private const string Gzip = "Accept-Encoding: gzip";

    public static async Task RunAsync(string server)
    {
        var rows = await RowsAsync();
        Console.WriteLine();
        Console.WriteLine("| benchmark | figure | baseline (same run) | ratio | goal |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var r in rows)
        {
            Console.WriteLine($"| {r.Benchmark} | {r.Figure} | {r.Baseline} | {r.Ratio} | {r.Goal} |");
        }
    }

    internal static Task<List<Suite.Row>> RowsAsync() => BenchDatabase.WithAsync(async cs =>
    {
        var id = await PageBench.SeedAsync(cs, seed: 18, chars: 52_000, taggings: 1_000);
        var path = $"/Transcripts/{id}";
        await using var app = await AppProcess.StartAsync(cs);
        var cookie = await ReaderLogin.CookieHeaderAsync(app.BaseAddress, cs, "reader1", path);
        var rows = new List<Suite.Row>();

        var anonymous = await SizesAsync(app, path, null);
        var signedIn = await SizesAsync(app, path, cookie);
        Suite.Progress($"page bytes: anonymous {anonymous.Identity:N0} → {anonymous.Gzip:N0}, signed in {signedIn.Identity:N0} → {signedIn.Gzip:N0}");
        foreach (var (who, name, sizes) in new[] { ("anonymous", "anonymous", anonymous), ("signed-in reader", "signed-in", signedIn) })
        {
            rows.Add(new Suite.Row($"transcript page on the wire, 52,000 chars and 1,000 taggings, gzip, {who}",
                $"{sizes.Gzip / 1024.0:N0} KiB (decoded = identity page: {(sizes.Decodes ? "yes" : "**no**")})", $"uncompressed {sizes.Identity / 1024.0:N0} KiB",
                $"{(double)sizes.Gzip / sizes.Identity:P1}", "≤ 200 KB (issue 18)",
                new ReportRow($"page-bytes-gzip-{name}", sizes.Gzip, "bytes", null, null, sizes.Identity, Math.Round((double)sizes.Gzip / sizes.Identity, 4))));
        }
        rows.Add(CompressionCost(anonymous.Html));

        WrkResult fortunes;
        await using (var baseline = await AppProcess.StartBaselineAsync(cs))
        {
            fortunes = await Suite.LoadAsync(baseline, "/bench/fortunes");
        }
        rows.Add(new Suite.Row("Fortunes baseline (this bench's run)", Suite.Describe(fortunes), "—", "100 %", "—",
            ReportRow.Load("page-bytes-fortunes-baseline", fortunes, null)));
        foreach (var (who, name, headers) in new[] { ("anonymous", "anonymous", Array.Empty<string>()), ("signed-in reader", "signed-in", [cookie]) })
        {
            var plain = await Suite.LoadAsync(app, path, headers);
            var gzip = await Suite.LoadAsync(app, path, [.. headers, Gzip]);
            rows.Add(new Suite.Row($"the 1,000-tagging page, {who}, uncompressed", Suite.Describe(plain),
                $"Fortunes {fortunes.RequestsPerSecond:N0} req/s", $"{plain.RequestsPerSecond / fortunes.RequestsPerSecond:P0}", "—",
                ReportRow.Load($"page-1000-{name}-uncompressed", plain, fortunes)));
            rows.Add(new Suite.Row($"the 1,000-tagging page, {who}, gzip (wrk -H '{Gzip}')", Suite.Describe(gzip),
                $"uncompressed {plain.RequestsPerSecond:N0} req/s; Fortunes {fortunes.RequestsPerSecond:N0} req/s",
                $"{gzip.RequestsPerSecond / plain.RequestsPerSecond:P0} of uncompressed; {gzip.RequestsPerSecond / fortunes.RequestsPerSecond:P0} of Fortunes",
                "not lower than uncompressed (issue 18)",
                // Ratio to the uncompressed page of the same run, the goal's comparison.
                ReportRow.Load($"page-1000-{name}-gzip", gzip, plain)));
        }
        return rows;
    });

    private sealed record Sizes(long Identity, long Gzip, bool Decodes, byte[] Html);

    /// <summary>The page's bytes without and with gzip (the second request of each, a cache hit), and whether gzip decodes to the first.</summary>
    private static async Task<Sizes> SizesAsync(AppProcess app, string path, string? cookie)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false }) { BaseAddress = app.BaseAddress };
        async Task<byte[]> GetAsync(bool gzip)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (cookie is not null)
            {
                request.Headers.TryAddWithoutValidation("Cookie", cookie["Cookie: ".Length..]);
            }
            if (gzip)
            {
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
            }
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsByteArrayAsync();
        }
        await GetAsync(false);
        var identity = await GetAsync(false);
        await GetAsync(true);
        var compressed = await GetAsync(true);
        using var decoded = new MemoryStream();
        await using (var gunzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress))
        {
            await gunzip.CopyToAsync(decoded);
        }
        // The signed-in page carries a fresh antiforgery token each time, so only its length can be compared.
        var decodes = cookie is null ? decoded.ToArray().AsSpan().SequenceEqual(identity) : decoded.Length == identity.Length;
        return new Sizes(identity.Length, compressed.Length, decodes, identity);
    }

    /// <summary>What compressing the shared part once per version costs (the whole page stands in for the part), at two levels.</summary>
    private static Suite.Row CompressionCost(byte[] html)
    {
        (double Ms, long Bytes) Measure(CompressionLevel level)
        {
            var times = new List<double>();
            long bytes = 0;
            for (var i = 0; i < 7; i++)
            {
                var watch = Stopwatch.StartNew();
                bytes = PrecompressedHtml.Compress(html, level).Deflated.Length;
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            return (times.Order().ElementAt(3), bytes);
        }
        var optimal = Measure(CompressionLevel.Optimal);
        var smallest = Measure(CompressionLevel.SmallestSize);
        return new Suite.Row($"compressing the page once per version ({html.Length / 1024.0:N0} KiB), in the bench process",
            $"Optimal (used): {optimal.Ms:F1} ms, {optimal.Bytes / 1024.0:N0} KiB; SmallestSize: {smallest.Ms:F1} ms, {smallest.Bytes / 1024.0:N0} KiB",
            "—", $"cache entry grows by {(double)optimal.Bytes / html.Length:P0} (both forms held)", "—",
            new ReportRow("page-compression-ms", Math.Round(optimal.Ms, 2), "ms", null, null, null, null));
    }
}
