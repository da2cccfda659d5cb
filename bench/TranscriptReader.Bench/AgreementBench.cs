using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Npgsql;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Bench;

/// <summary>
/// Agreement over the suite's data set (<see cref="DataSet"/>, with its done marks): the first computation
/// after start (every transcript's text read and split into tokens once), the recomputation after one write,
/// then wrk throughput of the <c>/Agreement</c> page (row <c>agreement-page</c>) and of the JSON API for one label and
/// for all labels, next to Fortunes. <c>scripts/bench agreement</c> builds the data set and runs these rows alone.
/// </summary>
public static class AgreementBench
{
    internal static async Task<List<Suite.Row>> RowsAsync(AppProcess app, string cs, WrkResult fortunes)
    {
        var rows = new List<Suite.Row>();
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        var label = await BusiestLabelAsync(cs);
        var counted = await ScalarAsync(cs, "SELECT count(*) FROM (SELECT transcript_id FROM done_marks GROUP BY 1 HAVING count(*) >= 2) x");
        var marks = await ScalarAsync(cs, "SELECT count(*) FROM done_marks");
        // By id: wrk takes the URL as it is, and label names have spaces.
        var labelPath = "/api/v1/agreement?label=" + label.Id.ToString(CultureInfo.InvariantCulture);

        var cold = await TimeAsync(http, "/api/v1/agreement");
        var coldLabel = await TimeAsync(http, labelPath);
        await ExecAsync(cs, "UPDATE done_marks SET marked_at = now() WHERE (transcript_id, user_id) = (SELECT transcript_id, user_id FROM done_marks ORDER BY 1, 2 LIMIT 1)");
        var afterWrite = await TimeAsync(http, "/api/v1/agreement");
        var afterWriteLabel = await TimeAsync(http, labelPath);
        var warm = await TimeAsync(http, "/api/v1/agreement");
        Suite.Progress($"agreement: {counted:N0} counted transcripts, {marks:N0} done marks; first request {cold:F0} ms (one label {coldLabel:F0} ms), "
            + $"after one write {afterWrite:F0} ms (one label {afterWriteLabel:F0} ms), cached {warm:F1} ms");
        rows.Add(new Suite.Row($"agreement, first computation after start: {counted:N0} transcripts with ≥ 2 done readers ({marks:N0} done marks), 60 labels",
            $"all labels {cold:F0} ms; one label {coldLabel:F0} ms", "—", "—", "—", new ReportRow("agreement-first-computation", Math.Round(cold), "ms", null, null, null, null)));
        rows.Add(new Suite.Row("agreement after one write (a done mark): that transcript read again, figures recomputed",
            $"all labels {afterWrite:F0} ms; one label {afterWriteLabel:F0} ms", "—", "—", "—", new ReportRow("agreement-after-write", Math.Round(afterWrite), "ms", null, null, null, null)));

        foreach (var (name, description, path, goal) in new[]
        {
            ("agreement-page", "agreement-page: /Agreement, 60 labels, anonymous", "/Agreement", "≥ 10 % of Fortunes"),
            ("agreement-api-label", $"agreement API, one label (busiest, \"{label.Name}\")", labelPath, "—"),
            ("agreement-api-all", "agreement API, all labels", "/api/v1/agreement", "—"),
        })
        {
            rows.Add(Suite.LoadRow(name, description, await Suite.LoadAsync(app, path), fortunes, goal));
        }
        return rows;
    }

    /// <summary>The data set of the suite, then only the agreement rows (about 5 minutes on 2 cores).</summary>
    public static async Task RunAsync(string server)
    {
        var cs = await BenchDatabase.RecreateAsync(server, "tr_bench_agreement");
        await DataSet.SeedPeopleAndLabelsAsync(cs);
        await using (var app = await AppProcess.StartAsync(cs))
        {
            using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(20) };
            await using (var db = DbSetup.CreateContext(cs))
            {
                var token = (await new ApiTokenService(db, TimeProvider.System).CreateAsync("bench-0", "bench")).Secret;
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            for (var run = 0; run < 2; run++)
            {
                await DataSet.ImportAsync(http, DataSet.Files(run * 1000, 1000), run == 0 ? "free tier" : "paid tier");
            }
            await DataSet.SeedActivityAsync(cs);
            Suite.Progress($"data set: {await DataSet.CountAsync(cs, "transcripts"):N0} transcripts, {await DataSet.CountAsync(cs, "taggings"):N0} taggings");
            var fortunes = await Suite.LoadAsync(app, "/bench/fortunes");
            var rows = await RowsAsync(app, cs, fortunes);
            Console.WriteLine();
            Console.WriteLine("| benchmark | figure | baseline (same run) | ratio | goal |");
            Console.WriteLine("|---|---|---|---|---|");
            Console.WriteLine($"| Fortunes baseline | {Suite.Describe(fortunes)} | — | 100 % | — |");
            foreach (var r in rows)
            {
                Console.WriteLine($"| {r.Benchmark} | {r.Figure} | {r.Baseline} | {r.Ratio} | {r.Goal} |");
            }
        }
        await BenchDatabase.DropAsync(server, "tr_bench_agreement");
    }

    private static async Task<double> TimeAsync(HttpClient http, string path)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(path);
        await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<(int Id, string Name)> BusiestLabelAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT l.id, l.name FROM taggings t JOIN labels l ON l.id = t.label_id GROUP BY l.id ORDER BY count(*) DESC, l.id LIMIT 1", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetString(1));
    }

    private static async Task<long> ScalarAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task ExecAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
