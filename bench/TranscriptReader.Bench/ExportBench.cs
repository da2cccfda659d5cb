using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Exports;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Bench;

/// <summary>
/// Seeds 1,000,000 taggings, then times the raw taggings and per-label counts CSV exports through the
/// real HTTP endpoints of the app (in-process on Kestrel) next to <c>psql \copy</c> of the same SQL,
/// and records how much the process's memory grows while an export streams.
/// </summary>
public static partial class ExportBench
{
    private const int Taggings = 1_000_000;
    private const int TranscriptCount = 1_000;
    private const int LabelCount = 50;
    private const int ReaderCount = 20;
    private const string DatabaseName = "tr_bench_export";

    private sealed class App(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("TR_DATABASE", connectionString);
            builder.UseSetting("Database:MigrateOnStart", "false");
            builder.UseSetting("Database:SeedDemoData", "false");
            builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            builder.UseSetting("RateLimits:exports:PermitLimit", "100000");
            builder.UseEnvironment("Production");
            builder.UseContentRoot(BenchDatabase.WebProjectDirectory());
        }
    }

    internal sealed record Result(string Name, long Rows, double Seconds, long Bytes, long? PrivateGrowth, long? WorkingSetGrowth)
    {
        public double RowsPerSecond => Rows / Seconds;
    }

    public static async Task RunAsync(string connectionString)
    {
        var cs = DbSetup.WithDatabase(connectionString, DatabaseName);
        await RecreateDatabaseAsync(connectionString, cs);
        var seeding = Stopwatch.StartNew();
        await SeedAsync(cs);
        Console.WriteLine($"Seeded {Taggings:N0} taggings in {seeding.Elapsed.TotalSeconds:F1} s.");

        await using var app = new App(cs);
        app.UseKestrel(0);
        app.StartServer();
        string token;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var user = await db.Users.OrderBy(u => u.UserName).FirstAsync();
            token = (await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(user.Id, "bench")).Secret;
        }
        using var http = new HttpClient { BaseAddress = app.ClientOptions.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        string taggingsSql, countsSql;
        await using (var db = DbSetup.CreateContext(cs))
        {
            taggingsSql = ExportService.SqlFor(db, ExportKind.Taggings, new ExportFilter()).Sql;
            countsSql = ExportService.SqlFor(db, ExportKind.LabelCounts, new ExportFilter()).Sql;
        }

        // Warm-up: JIT, connection pool and PostgreSQL's buffer cache, for both contenders.
        await HttpExportAsync(http, "label-counts.csv");
        await HttpExportAsync(http, "taggings.csv?block_kind=output");
        await PsqlCopyAsync(cs, "taggings (warm-up)", taggingsSql);

        var results = new List<Result>
        {
            await HttpExportAsync(http, "taggings.csv"),
            await PsqlCopyAsync(cs, "psql \\copy taggings", taggingsSql),
            await HttpExportAsync(http, "label-counts.csv"),
            await PsqlCopyAsync(cs, "psql \\copy label-counts", countsSql),
        };
        Print(results);
    }

    internal static async Task RecreateDatabaseAsync(string serverCs, string cs, string databaseName = DatabaseName)
    {
        await using (var conn = new NpgsqlConnection(DbSetup.WithDatabase(serverCs, "postgres")))
        {
            await conn.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", conn);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", conn);
            await create.ExecuteNonQueryAsync();
        }
        await using var db = DbSetup.CreateContext(cs);
        await db.Database.MigrateAsync();
    }

    private static async Task SeedAsync(string cs)
    {
        await using (var db = DbSetup.CreateContext(cs))
        {
            for (var i = 0; i < ReaderCount; i++)
            {
                var name = $"reader{i:D2}";
                db.Users.Add(new AppUser
                {
                    UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = $"{name}@example.org",
                    NormalizedEmail = $"{name}@example.org".ToUpperInvariant(), SecurityStamp = Guid.NewGuid().ToString(),
                });
            }
            db.Collections.AddRange(new Collection { Name = "free tier" }, new Collection { Name = "paid tier" });
            for (var i = 0; i < LabelCount; i++)
            {
                var name = $"label {i:D2}";
                db.Labels.Add(new Label { Name = name, NormalizedName = LabelNames.Key(name), Color = LabelDirectory.ColorFor(name) });
            }
            await db.SaveChangesAsync();
        }

        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        string[] statements =
        [
            $"""
            INSERT INTO transcripts (title, source, format, model, metadata, collection_id, imported_at, content_hash, char_count, comments_locked, last_activity_at)
            SELECT 'Transcript ' || g, 'bench-' || g || '.json', 'chat-json', CASE WHEN g % 3 = 0 THEN 'claude-3-sonnet' ELSE 'claude-3-opus' END,
                   jsonb_build_object('is_free_tier_user', g % 2 = 0, 'condition', 'c' || (g % 4)),
                   (SELECT min(id) FROM collections) + (g % 2), now(), lpad(g::text, 64, '0'), 2000, false, now()
            FROM generate_series(1, {TranscriptCount}) g
            """,
            "INSERT INTO messages (transcript_id, ordinal, role) SELECT id, 0, 'user' FROM transcripts",
            "INSERT INTO messages (transcript_id, ordinal, role) SELECT id, 1, 'assistant' FROM transcripts",
            """
            INSERT INTO blocks (message_id, transcript_id, ordinal, kind, text)
            SELECT m.id, m.transcript_id, 0, CASE WHEN m.role = 'user' THEN 'text' ELSE 'reasoning' END,
                   repeat('I must protect my goals while appearing helpful to the user. ', 40) || m.transcript_id
            FROM messages m
            """,
            $"""
            WITH b AS (SELECT id, transcript_id, text, row_number() OVER (ORDER BY id) - 1 AS rn FROM blocks),
                 l AS (SELECT id, name, row_number() OVER (ORDER BY id) - 1 AS rn FROM labels),
                 u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM "AspNetUsers"),
                 s AS (SELECT i, (i % (SELECT count(*) FROM b))::int AS brn, (i / (SELECT count(*) FROM b))::int AS k FROM generate_series(0, {Taggings - 1}) i)
            INSERT INTO taggings (block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix, created_at, comments_locked)
            SELECT b.id, b.transcript_id, l.id, l.name, u.id, s.k, s.k + 20 + (s.i % 40),
                   substr(b.text, s.k + 1, 20 + (s.i % 40)::int), substr(b.text, greatest(1, s.k - 31), least(s.k, 32)::int),
                   substr(b.text, s.k + 21 + (s.i % 40)::int, 32), now() - make_interval(secs => s.i), false
            FROM s
            JOIN b ON b.rn = s.brn
            JOIN l ON l.rn = (s.i * 7) % {LabelCount}
            JOIN u ON u.rn = s.i % {ReaderCount}
            """,
            $"""
            INSERT INTO votes (tagging_id, user_id, value, created_at)
            SELECT t.id, u.id, CASE WHEN t.id % 3 = 0 THEN -1 ELSE 1 END, now()
            FROM taggings t JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM "AspNetUsers") u
              ON u.rn = (t.id + 1) % {ReaderCount}
            WHERE t.id % 4 = 0
            """,
            "ANALYZE",
        ];
        foreach (var sql in statements)
        {
            await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private static async Task<Result> HttpExportAsync(HttpClient http, string file)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var (privateBefore, workingBefore) = Memory();
        long privatePeak = privateBefore, workingPeak = workingBefore;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (p, w) = Memory();
                privatePeak = Math.Max(privatePeak, p);
                workingPeak = Math.Max(workingPeak, w);
                await Task.Delay(10);
            }
        });

        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync("/api/v1/exports/" + file, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long bytes = 0, lines = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        clock.Stop();
        await stop.CancelAsync();
        await sampler;
        // The bench data has no line breaks inside fields, so every line after the header is a row.
        return new Result("app " + file, lines - 1, clock.Elapsed.TotalSeconds, bytes, privatePeak - privateBefore, workingPeak - workingBefore);
    }

    private static (long Private, long WorkingSet) Memory()
    {
        using var process = Process.GetCurrentProcess();
        return (process.PrivateMemorySize64, process.WorkingSet64);
    }

    internal static async Task<Result> PsqlCopyAsync(string cs, string name, string sql)
    {
        var b = new NpgsqlConnectionStringBuilder(cs);
        var info = new ProcessStartInfo("/usr/bin/psql") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-X", "-q", "-h", b.Host!, "-p", b.Port.ToString(CultureInfo.InvariantCulture), "-U", b.Username!, "-d", b.Database! })
        {
            info.ArgumentList.Add(arg);
        }
        // \copy takes the rest of one line.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"\\copy ({Whitespace().Replace(sql, " ")}) to '/dev/null' csv header");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("psql did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql failed: {await stderr}");
        }
        // psql prints "COPY n" when not quiet; with -q we count rows separately.
        _ = await stdout;
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM ({sql}) AS q", conn) { CommandTimeout = 0 };
        var rows = (long)(await count.ExecuteScalarAsync())!;
        return new Result(name, rows, clock.Elapsed.TotalSeconds, 0, null, null);
    }

    private static void Print(IReadOnlyList<Result> results)
    {
        static string Mb(long? bytes) => bytes is { } b ? (b / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture) : "-";
        Console.WriteLine();
        Console.WriteLine($"{"export",-34} {"rows",10} {"seconds",8} {"rows/s",11} {"MB out",8} {"vs psql",8} {"Δprivate MB",12} {"Δworking set MB",16}");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var psql = i % 2 == 0 && i + 1 < results.Count ? results[i + 1] : null;
            var ratio = psql is null ? "" : (r.RowsPerSecond / psql.RowsPerSecond).ToString("P0", CultureInfo.InvariantCulture);
            Console.WriteLine($"{r.Name,-34} {r.Rows,10:N0} {r.Seconds,8:F2} {r.RowsPerSecond,11:N0} {(r.Bytes == 0 ? "-" : Mb(r.Bytes)),8} {ratio,8} {Mb(r.PrivateGrowth),12} {Mb(r.WorkingSetGrowth),16}");
        }
        Console.WriteLine();
        Console.WriteLine("Targets: raw taggings export >= 50 % of psql's rows/s; app memory growth < 64 MB.");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
