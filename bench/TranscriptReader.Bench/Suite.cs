using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Npgsql;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Exports;

namespace TranscriptReader.Bench;

/// <summary>
/// What <c>scripts/bench</c> runs by default: builds the data set (<see cref="DataSet"/>), serves it from
/// the Release build in its own process, measures every figure of issue 8 against a baseline taken in the
/// same run (a Fortunes page for pages, <c>psql \copy</c> for exports, a bare UPDATE for merges), and
/// prints one table.
/// </summary>
public static class Suite
{
    private const int Runs = 3;
    private const int Connections = 16;
    private const int Seconds = 10;
    private const int WarmUpSeconds = 15;

    /// <summary>A line of the printed table and, as <paramref name="Report"/>, the same figure for bench/out/latest.json.</summary>
    /// <param name="Benchmark">What is measured, in words.</param>
    /// <param name="Figure">The figure as printed.</param>
    /// <param name="Baseline">The baseline as printed.</param>
    /// <param name="Ratio">The ratio as printed.</param>
    /// <param name="Goal">The goal, with the issue it comes from.</param>
    /// <param name="Report">The row of latest.json.</param>
    internal sealed record Row(string Benchmark, string Figure, string Baseline, string Ratio, string Goal, ReportRow Report);

    /// <summary>A wrk row next to Fortunes (16 connections).</summary>
    internal static Row LoadRow(string name, string description, WrkResult result, WrkResult fortunes, string goal) =>
        new($"{description}, {Connections} connections", Describe(result), $"{fortunes.RequestsPerSecond:N0} req/s",
            $"{result.RequestsPerSecond / fortunes.RequestsPerSecond:P0}", goal, ReportRow.Load(name, result, fortunes));

    public static async Task RunAsync(string server)
    {
        var total = Stopwatch.StartNew();
        var machine = BenchReport.Machine();
        var cs = await BenchDatabase.RecreateAsync(server, "tr_bench");
        await DataSet.SeedPeopleAndLabelsAsync(cs);
        var rows = new List<Row>();

        await using (var app = await AppProcess.StartAsync(cs))
        {
            using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(20) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cs));

            var imports = new List<(double Seconds, long Bytes, int Imported)>();
            for (var run = 0; run < 2; run++)
            {
                var files = DataSet.Files(run * 1000, 1000);
                imports.Add(await DataSet.ImportAsync(http, files, run == 0 ? "free tier" : "paid tier"));
                Progress($"import run {run + 1}: {imports[^1].Imported} transcripts, {imports[^1].Bytes / 1e6:F1} MB in {imports[^1].Seconds:F1} s");
            }
            var importSeconds = Median(imports.Select(i => i.Seconds));
            var importMb = imports.Sum(i => i.Bytes) / 1e6 / imports.Sum(i => i.Seconds);
            rows.Add(new Row("bulk import, 1,000 transcripts of 5–60 KB (3 formats), over HTTP",
                $"{importSeconds:F1} s, {importMb:F2} MB/s (runs: {string.Join(", ", imports.Select(i => i.Seconds.ToString("F1", CultureInfo.InvariantCulture)))} s)",
                "—", "—", "< 60 s (issue 3)", new ReportRow("bulk-import-http", Math.Round(importSeconds, 2), "s", null, null, null, null)));

            var seeding = Stopwatch.StartNew();
            await DataSet.SeedActivityAsync(cs);
            var pageId = await PageBench.SeedAsync(cs, seed: 7);
            await using (var conn = new NpgsqlConnection(cs))
            {
                await conn.OpenAsync();
                await using var analyze = new NpgsqlCommand("VACUUM ANALYZE", conn) { CommandTimeout = 0 };
                await analyze.ExecuteNonQueryAsync();
            }
            Progress($"data set: {await DataSet.CountAsync(cs, "transcripts"):N0} transcripts, {await DataSet.CountAsync(cs, "taggings"):N0} taggings, "
                + $"{await DataSet.CountAsync(cs, "votes"):N0} votes, {await DataSet.CountAsync(cs, "comments"):N0} comments (seeded in {seeding.Elapsed.TotalSeconds:F0} s)");

            var busiestLabel = await BusiestLabelAsync(cs);
            // A reader of the page, signed in through the login form, who has taggings and votes on it; a fresh
            // cookie before the warm-up and each run (see LoadAsync).
            async Task<IReadOnlyList<string>> Reader() => [await ReaderLogin.CookieHeaderAsync(app.BaseAddress, cs, "reader1", $"/Transcripts/{pageId}")];
            static Task<IReadOnlyList<string>> Anonymous() => Task.FromResult<IReadOnlyList<string>>([]);
            WrkResult fortunes;
            await using (var baseline = await AppProcess.StartBaselineAsync(cs))
            {
                fortunes = await LoadAsync(baseline, "/bench/fortunes");
            }
            var pages = new (string Name, string Description, string Path, Func<Task<IReadOnlyList<string>>> Headers, string Goal)[]
            {
                ("transcript-page-anonymous", "transcript page: 60,000 chars, 500 taggings, 200 comments; anonymous", $"/Transcripts/{pageId}", Anonymous, "≥ 50 % of Fortunes (issue 18)"),
                ("transcript-page-signed-in", "the same transcript page, signed-in reader (login cookie)", $"/Transcripts/{pageId}", Reader, "≥ 45 % of Fortunes (issue 18)"),
                ("search-common-word", "transcript list, full-text search \"goal\"", "/Transcripts?q=goal", Anonymous, "≥ 25 % of Fortunes (issue 18)"),
                ("label-page", "label page (busiest label, first page)", $"/Labels/{busiestLabel}", Anonymous, "≥ 25 % of Fortunes (issue 18)"),
                ("export-page", "export page, signed-in reader (anonymous visitors are sent to the login)", "/Export", Reader, "≥ 25 % of Fortunes (issue 18)"),
            };
            rows.Add(new Row($"Fortunes baseline: 12 rows via EF Core, Razor, {Connections} connections", Describe(fortunes), "—", "100 %", "—",
                ReportRow.Load("fortunes-baseline", fortunes, null)));
            foreach (var (name, description, path, headers, goal) in pages)
            {
                rows.Add(LoadRow(name, description, await LoadAsync(app, path, headers), fortunes, goal));
            }
            rows.AddRange(await LabelCatalogBench.RowsAsync(app, fortunes));

            rows.AddRange(await AgreementBench.RowsAsync(app, cs, fortunes));
            rows.AddRange(await ExportsAsync(app, http, cs));
        }

        var merge = await MergeBench.MeasureAsync(server, Runs);
        var mergeSeconds = Median(merge.MergeSeconds);
        rows.Add(new Row($"label merge: 100,000 taggings into 50,000 ({merge.Collapsed:N0} collapse)",
            $"{mergeSeconds:F2} s (runs: {string.Join(", ", merge.MergeSeconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))}); undo {Median(merge.UndoSeconds):F2} s",
            $"bare UPDATE of the 100,000 label ids: {merge.ReferenceUpdateSeconds:F2} s", $"{mergeSeconds / merge.ReferenceUpdateSeconds:P0}", "< 2 s",
            new ReportRow("label-merge", Math.Round(mergeSeconds, 3), "s", null, null, Math.Round(merge.ReferenceUpdateSeconds, 3), Math.Round(mergeSeconds / merge.ReferenceUpdateSeconds, 4))));
        rows.AddRange(await PageBytesBench.RowsAsync());
        rows.AddRange(WriteBench.Rows(await BenchDatabase.WithAsync(WriteBench.MeasureAsync)));

        Console.WriteLine();
        Console.WriteLine($"Medians of {Runs} runs unless noted; {Environment.ProcessorCount} cores, "
            + $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB memory; whole run {total.Elapsed.TotalMinutes:F1} min.");
        Console.WriteLine();
        Console.WriteLine("| benchmark | figure | baseline (same run) | ratio | goal |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var r in rows)
        {
            Console.WriteLine($"| {r.Benchmark} | {r.Figure} | {r.Baseline} | {r.Ratio} | {r.Goal} |");
        }
        Console.WriteLine($"wrote {await BenchReport.WriteAsync(1, machine, rows.Select(r => r.Report))}");
        if (Environment.GetEnvironmentVariable("TR_BENCH_KEEP") == "1")
        {
            Console.WriteLine("TR_BENCH_KEEP=1: the database tr_bench was kept for inspection.");
            return;
        }
        await BenchDatabase.DropAsync(server, "tr_bench");
    }

    /// <summary>
    /// A warm-up long enough for tiered compilation to settle under load (after 3 or 6 s the first Fortunes run
    /// still came in at half speed), then <see cref="Runs"/> bounded wrk runs; the run with the median throughput.
    /// </summary>
    public static Task<WrkResult> LoadAsync(AppProcess app, string path, IReadOnlyList<string>? headers = null) =>
        LoadAsync(app, path, () => Task.FromResult(headers ?? []));

    /// <summary>
    /// As <see cref="LoadAsync(AppProcess, string, IReadOnlyList{string}?)"/>, with headers asked for afresh before
    /// the warm-up and before each run: a signed-in reader's cookie is re-checked against the account after
    /// <c>AuthSetup.SessionRecheck</c> (30 s) and re-issued; a browser keeps the new cookie, wrk cannot, so with
    /// one cookie for the whole measurement every request after 30 s would pay the re-check.
    /// </summary>
    public static async Task<WrkResult> LoadAsync(AppProcess app, string path, Func<Task<IReadOnlyList<string>>> headers)
    {
        var url = new Uri(app.BaseAddress, path).ToString();
        await Wrk.RunAsync(url, Connections, WarmUpSeconds, await headers());
        var results = new List<WrkResult>();
        for (var run = 0; run < Runs; run++)
        {
            results.Add(await Wrk.RunAsync(url, Connections, Seconds, await headers()));
        }
        var median = results.OrderBy(r => r.RequestsPerSecond).ElementAt(Runs / 2);
        Progress($"{path}: {string.Join(", ", results.Select(r => r.RequestsPerSecond.ToString("F0", CultureInfo.InvariantCulture)))} req/s; errors {results.Sum(r => r.Errors)}");
        return median;
    }

    public static string Describe(WrkResult r) =>
        $"{r.RequestsPerSecond:N0} req/s, p50 {r.P50Ms:F1} ms, p99 {r.P99Ms:F1} ms" + (r.Errors > 0 ? $", **{r.Errors} non-2xx/errors**" : "");

    /// <summary>The exports of <see cref="ExportCatalog"/> the suite measures (the others read the same tables).</summary>
    private static readonly string[] BenchedExports = ["taggings.csv", "label-counts.csv"];

    /// <summary>
    /// The raw taggings CSV and the per-label counts CSV over HTTP, each next to psql \copy of the same SQL,
    /// alternating; the app's peak resident memory is read from the kernel for each export.
    /// </summary>
    private static async Task<List<Row>> ExportsAsync(AppProcess app, HttpClient http, string cs)
    {
        var rows = new List<Row>();
        foreach (var export in BenchedExports.Select(f => ExportCatalog.Find(f) ?? throw new InvalidOperationException("No export " + f)))
        {
            var file = export.FileName;
            string sql;
            await using (var db = DbSetup.CreateContext(cs))
            {
                sql = export.Sql(db, new ExportFilter()).Text;
            }
            await HttpExportAsync(app, http, file);
            var ours = new List<(double Seconds, long PeakResident, long ResidentBefore)>();
            var psql = new List<double>();
            for (var run = 0; run < Runs; run++)
            {
                ours.Add(await HttpExportAsync(app, http, file));
                psql.Add(await Psql.CopySecondsAsync(cs, sql));
            }
            // Quotes may span paragraphs, so lines are not rows: both sides use the row count of the SQL.
            var count = await Psql.CountAsync(cs, sql);
            var rate = count / Median(ours.Select(o => o.Seconds));
            var psqlRate = count / Median(psql);
            Progress($"{file}: {string.Join(", ", ours.Select(o => (count / o.Seconds).ToString("N0", CultureInfo.InvariantCulture)))} rows/s; psql {string.Join(", ", psql.Select(p => (count / p).ToString("N0", CultureInfo.InvariantCulture)))}");
            rows.Add(new Row($"CSV export {file} over {DataSet.Taggings / 1_000_000}M taggings, over HTTP ({count:N0} rows)",
                $"{rate:N0} rows/s; app peak RSS {ours.Max(o => o.PeakResident) / 1048576.0:F0} MB (RSS before: {ours.Min(o => o.ResidentBefore) / 1048576.0:F0}–{ours.Max(o => o.ResidentBefore) / 1048576.0:F0} MB)",
                $"psql \\copy {psqlRate:N0} rows/s", $"{rate / psqlRate:P0}", file == "taggings.csv" ? "≥ 90 % of psql, flat memory (issue 18)" : "—",
                new ReportRow(file == "taggings.csv" ? "export-taggings-csv" : "export-label-counts-csv", Math.Round(rate), "rows/s", null, null,
                    Math.Round(psqlRate), Math.Round(rate / psqlRate, 4))));
        }
        return rows;
    }

    /// <summary>One export streamed to the end; the app's peak RSS is reset first, so the peak is this export's.</summary>
    private static async Task<(double Seconds, long PeakResident, long ResidentBefore)> HttpExportAsync(AppProcess app, HttpClient http, string file)
    {
        var before = app.ResidentBytes;
        if (!app.ResetPeak())
        {
            Progress("could not reset the app's peak RSS (needs the same user or root); the peak shown is since start");
        }
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync("/api/v1/exports/" + file, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        while (await body.ReadAsync(buffer) > 0)
        {
        }
        return (clock.Elapsed.TotalSeconds, app.PeakResidentBytes, before);
    }

    internal static async Task<string> TokenAsync(string cs)
    {
        await using var db = DbSetup.CreateContext(cs);
        return (await new ApiTokenService(db, TimeProvider.System).CreateAsync("bench-0", "bench")).Secret;
    }

    internal static async Task<int> BusiestLabelAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT label_id FROM taggings GROUP BY label_id ORDER BY count(*) DESC LIMIT 1", conn);
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    internal static void Progress(string message) => Console.WriteLine($"  {DateTime.Now:HH:mm:ss} {message}");
}
