using System.Diagnostics;
using System.Net.Http.Headers;
using Npgsql;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Bench;

/// <summary>
/// Row <c>label-catalog</c>: the label catalog page <c>/Labels</c> and <c>GET /api/v1/labels</c>, anonymous, over the
/// suite's data set (60 labels, 1,000,000 taggings), next to Fortunes. <c>scripts/bench labels</c> builds the data set
/// and runs these rows alone; with <c>TR_BENCH_KEEP=1</c> it keeps the database and, on the next run, reuses it
/// (migrating it first, which times a migration's backfill over the whole data set).
/// </summary>
public static class LabelCatalogBench
{
    private const string Database = "tr_bench_labels";

    internal static async Task<List<Suite.Row>> RowsAsync(AppProcess app, WrkResult fortunes)
    {
        var rows = new List<Suite.Row>();
        foreach (var (name, description, path) in new[]
        {
            ("label-catalog", "label-catalog: /Labels, 60 labels with counts, anonymous", "/Labels"),
            ("label-catalog-api", "label-catalog: GET /api/v1/labels, 60 labels with counts, anonymous", "/api/v1/labels"),
        })
        {
            rows.Add(Suite.LoadRow(name, description, await Suite.LoadAsync(app, path), fortunes, "≥ 25 % of Fortunes (issue 18)"));
        }
        return rows;
    }

    /// <summary>The data set of the suite (or the kept one), then only the catalog rows.</summary>
    public static async Task RunAsync(string server)
    {
        var keep = Environment.GetEnvironmentVariable("TR_BENCH_KEEP") == "1";
        var cs = DbSetup.WithDatabase(server, Database);
        if (keep && await HasDataAsync(server))
        {
            var migrating = Stopwatch.StartNew();
            await using (var db = DbSetup.CreateContext(cs))
            {
                await DbSetup.MigrateAsync(db);
            }
            Suite.Progress($"reusing the kept database {Database}; migrations took {migrating.Elapsed.TotalSeconds:F1} s");
        }
        else
        {
            cs = await BenchDatabase.RecreateAsync(server, Database);
            await DataSet.SeedPeopleAndLabelsAsync(cs);
            await using var seeding = await AppProcess.StartAsync(cs);
            using var http = new HttpClient { BaseAddress = seeding.BaseAddress, Timeout = TimeSpan.FromMinutes(20) };
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
            await ExecAsync(cs, "VACUUM ANALYZE");
        }
        Suite.Progress($"data set: {await DataSet.CountAsync(cs, "transcripts"):N0} transcripts, {await DataSet.CountAsync(cs, "taggings"):N0} taggings");
        WrkResult fortunes;
        await using (var baseline = await AppProcess.StartBaselineAsync(cs))
        {
            fortunes = await Suite.LoadAsync(baseline, "/bench/fortunes");
        }
        await using (var app = await AppProcess.StartAsync(cs))
        {
            var rows = await RowsAsync(app, fortunes);
            Console.WriteLine();
            Console.WriteLine("| benchmark | figure | baseline (same run) | ratio | goal |");
            Console.WriteLine("|---|---|---|---|---|");
            Console.WriteLine($"| Fortunes baseline | {Suite.Describe(fortunes)} | — | 100 % | — |");
            foreach (var r in rows)
            {
                Console.WriteLine($"| {r.Benchmark} | {r.Figure} | {r.Baseline} | {r.Ratio} | {r.Goal} |");
            }
        }
        if (keep)
        {
            Console.WriteLine($"TR_BENCH_KEEP=1: the database {Database} was kept (the next run reuses it).");
            return;
        }
        await BenchDatabase.DropAsync(server, Database);
    }

    private static async Task<bool> HasDataAsync(string server)
    {
        await using var conn = new NpgsqlConnection(DbSetup.WithDatabase(server, "postgres"));
        await conn.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", conn);
        exists.Parameters.AddWithValue("n", Database);
        return await exists.ExecuteScalarAsync() is not null;
    }

    private static async Task ExecAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }
}
