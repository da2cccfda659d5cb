using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Bench;

/// <summary>
/// <c>scripts/bench pages [--scale N]</c> (issue 18): every page a reader uses, under wrk next to the Fortunes
/// baseline measured in the same run, on the data set at N times the suite's size (<see cref="DataSet"/>), plus the
/// transcript of <see cref="PageBench.SeedAsync"/> (60,000 characters, 500 taggings, 200 comments). Prints one table
/// and writes the rows to <c>bench/out/latest.json</c>. With <c>TR_BENCH_KEEP=1</c> the database
/// (<c>tr_bench_pages_N</c>) is kept and, once complete, reused by the next run after applying migrations.
/// </summary>
public static class PagesBench
{
    /// <summary>Written on the database when its build finished, so a build cut short is never reused.</summary>
    private static string Marker(int scale) => $"TranscriptReader bench data set, scale {scale}, complete";

    private sealed record Page(string Name, string Path, string Goal, bool SignedIn = false);

    public static async Task RunAsync(string server, int scale, bool buildOnly)
    {
        var machine = BenchReport.Machine();
        Console.WriteLine($"scale {scale}; {machine}");
        var keep = Environment.GetEnvironmentVariable("TR_BENCH_KEEP") == "1";
        var database = $"tr_bench_pages_{scale}";
        var cs = DbSetup.WithDatabase(server, database);
        if (keep && await IsCompleteAsync(server, database, scale))
        {
            await DataSet.PhaseAsync($"reusing the kept database {database}; migrations", async () =>
            {
                await using var db = DbSetup.CreateContext(cs);
                await DbSetup.MigrateAsync(db);
            });
        }
        else
        {
            var building = Stopwatch.StartNew();
            cs = await BenchDatabase.RecreateAsync(server, database);
            await BuildAsync(cs, scale);
            await ExecAsync(server, $"COMMENT ON DATABASE \"{database}\" IS '{Marker(scale)}'");
            Suite.Progress($"data set of scale {scale} built in {building.Elapsed.TotalMinutes:F1} min");
        }
        await PrintSizesAsync(cs);
        if (!buildOnly)
        {
            await MeasureAsync(cs, scale, machine);
        }
        if (keep)
        {
            Console.WriteLine($"TR_BENCH_KEEP=1: the database {database} was kept (the next run reuses it).");
            return;
        }
        await BenchDatabase.DropAsync(server, database);
    }

    /// <summary>Readers and labels, the transcripts through the API (1,000 files per upload), the activity in SQL, then the page transcript.</summary>
    private static async Task BuildAsync(string cs, int scale)
    {
        await DataSet.PhaseAsync("people and labels", () => DataSet.SeedPeopleAndLabelsAsync(cs, scale));
        await using (var app = await AppProcess.StartAsync(cs))
        {
            using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Suite.TokenAsync(cs));
            // One upload at a time: transcript ids follow the file numbers, and the SQL phases pick rows by id.
            const int perUpload = 1_000;
            var files = DataSet.Transcripts * scale;
            var imports = Stopwatch.StartNew();
            for (var from = 0; from < files; from += perUpload)
            {
                var batch = DataSet.Files(from, Math.Min(perUpload, files - from));
                var (seconds, bytes, imported) = await DataSet.ImportAsync(http, batch, from / perUpload % 2 == 0 ? "free tier" : "paid tier");
                Suite.Progress($"import: files {from:N0}–{from + batch.Count - 1:N0}, {imported} transcripts, {bytes / 1e6:F1} MB in {seconds:F1} s");
            }
            Suite.Progress($"import (HTTP API) total: {imports.Elapsed.TotalSeconds:F1} s");
        }
        await DataSet.SeedActivityAsync(cs, scale);
        await DataSet.PhaseAsync("page transcript (60,000 chars, 500 taggings, 200 comments)", async () =>
        {
            await PageBench.SeedAsync(cs, seed: 7);
            await ExecAsync(cs, "VACUUM ANALYZE");
        });
    }

    private static async Task MeasureAsync(string cs, int scale, string machine)
    {
        long pageId;
        int collection;
        await using (var db = DbSetup.CreateContext(cs))
        {
            pageId = await db.Transcripts.Where(t => t.ContentHash == "bench-7").Select(t => t.Id).SingleAsync();
            collection = await db.Collections.Where(c => c.Name == "free tier").Select(c => c.Id).SingleAsync();
        }
        var label = await Suite.BusiestLabelAsync(cs);
        string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
        const string share = "≥ 25 % at scale 1, within 20 % of that at scale 5";
        var pages = new Page[]
        {
            new("transcript-page-anonymous", $"/Transcripts/{Id(pageId)}", "≥ 50 % at scale 1, within 10 % of that at scale 5"),
            new("transcript-page-signed-in", $"/Transcripts/{Id(pageId)}", "≥ 45 % at scale 1, within 10 % of that at scale 5", SignedIn: true),
            new("transcript-list", "/Transcripts", share),
            new("transcript-list-filtered", $"/Transcripts?collection={Id(collection)}", share),
            new("search-common-word", "/Transcripts?q=goal", share),
            new("search-rare-word", $"/Transcripts?q={DataSet.RareWord}", share),
            new("label-catalog", "/Labels", share),
            new("label-catalog-api", "/api/v1/labels", share),
            new("label-page", $"/Labels/{Id(label)}", share),
            new("discussion-feed", "/Discussion", share),
            // The export page is for signed-in readers only (anonymous visitors get the login redirect).
            new("export-page", "/Export", share, SignedIn: true),
            new("agreement-page", "/Agreement", "≥ 10 %"),
        };

        WrkResult fortunes;
        await using (var baseline = await AppProcess.StartBaselineAsync(cs))
        {
            fortunes = await Suite.LoadAsync(baseline, "/bench/fortunes");
        }
        var table = new List<(Page Page, WrkResult Result, string Status)>();
        await using (var app = await AppProcess.StartAsync(cs))
        {
            foreach (var page in pages)
            {
                // The login is checked on the transcript page, which shows whether the reader is signed in.
                Func<Task<IReadOnlyList<string>>> headers = page.SignedIn
                    ? async () => [await ReaderLogin.CookieHeaderAsync(app.BaseAddress, cs, "reader1", $"/Transcripts/{Id(pageId)}")]
                    : () => Task.FromResult<IReadOnlyList<string>>([]);
                // One request first, with time to spare: it shows the status a reader gets and pays for any first
                // computation (the agreement figures) outside the measurement.
                var status = await ProbeAsync(app, page.Path, await headers());
                table.Add((page, await Suite.LoadAsync(app, page.Path, headers), status));
            }
        }

        var rows = new List<ReportRow> { ReportRow.Load("fortunes-baseline", fortunes, null) };
        // wrk counts 3xx as success: a page whose probe was not 2xx (a login redirect, an error) counts no successes.
        rows.AddRange(table.Select(t => ReportRow.Load(t.Page.Name, t.Result, fortunes, succeeded: t.Status.StartsWith('2'))));
        Console.WriteLine();
        Console.WriteLine($"scripts/bench pages --scale {scale}; {machine}; each row the median of 3 wrk runs of 10 s, 16 connections");
        Console.WriteLine();
        Console.WriteLine("| row | path | req/s | p50 ms | p99 ms | baseline (Fortunes, same run) | ratio | goal (issue 18) | non-2xx/errors |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine(Line("fortunes-baseline", "/bench/fortunes", rows[0], "—", fortunes.Errors, "200"));
        foreach (var ((page, result, status), row) in table.Zip(rows.Skip(1)))
        {
            Console.WriteLine(Line(page.Name, page.Path, row, page.Goal, result.Errors, status));
        }
        Console.WriteLine($"wrote {await BenchReport.WriteAsync(scale, machine, rows)}");
    }

    private static string Line(string name, string path, ReportRow row, string goal, long errors, string status) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {name} | `{path}` | {row.Value:N0} | {row.P50Ms:F1} | {row.P99Ms:F1} | {(row.Baseline is { } b ? b.ToString("N0", CultureInfo.InvariantCulture) : "—")} | {(row.Ratio is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "—")} | {goal} | {(errors > 0 || !status.StartsWith('2') ? $"**{errors}** (probe {status})" : "0")} |");

    /// <summary>One GET with a generous timeout, redirects not followed; its status code, or the exception's kind.</summary>
    private static async Task<string> ProbeAsync(AppProcess app, string path, IReadOnlyList<string> headers)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = app.BaseAddress,
            Timeout = TimeSpan.FromMinutes(10),
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var header in headers)
        {
            var (name, value) = (header[..header.IndexOf(':', StringComparison.Ordinal)], header[(header.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            Suite.Progress($"{path}: first request {(int)response.StatusCode} in {watch.Elapsed.TotalMilliseconds:F0} ms");
            return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e.GetType().Name;
        }
    }

    private static async Task PrintSizesAsync(string cs)
    {
        var counts = new List<string>();
        foreach (var table in new[] { "transcripts", "blocks", "\"AspNetUsers\"", "labels", "taggings", "votes", "comments", "done_marks" })
        {
            counts.Add($"{await DataSet.CountAsync(cs, table):N0} {table.Trim('"')}");
        }
        Suite.Progress("data set: " + string.Join(", ", counts));
    }

    private static async Task<bool> IsCompleteAsync(string server, string database, int scale)
    {
        await using var conn = new NpgsqlConnection(DbSetup.WithDatabase(server, "postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = @n", conn);
        cmd.Parameters.AddWithValue("n", database);
        return await cmd.ExecuteScalarAsync() as string == Marker(scale);
    }

    private static async Task ExecAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }
}
