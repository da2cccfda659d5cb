using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Importing;

namespace TranscriptReader.Bench;

/// <summary>
/// The write paths of issue 18, each in a database of its own with default limits for batches: bulk import of 1,000
/// transcripts of ~50 KB in one upload, 100,000 taggings through <c>POST /api/v1/taggings/batch</c>, and 8 concurrent
/// single-tagging writers on one transcript next to 8 writers spread over 8 transcripts (alternating runs).
/// </summary>
public static class WriteBench
{
    public const int BatchTotal = 100_000;
    public const int BatchSize = 10_000;
    public const int Writers = 8;
    private const int WriterSeconds = 10;
    private const int WriterRuns = 3;

    public sealed record Figures(double ImportSeconds, int Imported, double BatchSeconds, int BatchApplied,
        double OneTranscriptRate, double SpreadRate, IReadOnlyList<double> OneRuns, IReadOnlyList<double> SpreadRuns,
        double RowLockOneRate, double RowLockSpreadRate);

    /// <summary>
    /// The page-version bump before issue 18 (every write updated the transcript row), installed for a second round of
    /// writers in the same run, so the before/after ratio is measured in one machine state.
    /// </summary>
    private const string RowLockBump = """
        CREATE OR REPLACE FUNCTION touch_transcript_pages(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('transcriptreader.skip_page_versions', true) = 'on' OR cardinality(ids) = 0 THEN
                RETURN;
            END IF;
            IF cardinality(ids) > 1 THEN
                PERFORM 1 FROM transcripts WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
            END IF;
            UPDATE transcripts SET page_version = greatest(page_version + 1, page_clock()) WHERE id = ANY(ids);
        END $$;
        """;

    public static Task RunAsync(string server) => BenchDatabase.WithAsync(async cs =>
    {
        var f = await MeasureAsync(cs);
        Console.WriteLine($"bulk import, 1,000 transcripts of ~50 KB in one upload: {f.ImportSeconds:F1} s ({f.Imported} imported); goal ≤ 5 s");
        Console.WriteLine($"batch tagging, {BatchTotal:N0} taggings in calls of {BatchSize:N0}: {f.BatchSeconds:F1} s, {f.BatchApplied / f.BatchSeconds:N0} taggings/s; goal ≥ 5,000/s");
        Console.WriteLine($"{Writers} writers on one transcript: {f.OneTranscriptRate:N0} taggings/s (runs {Join(f.OneRuns)}); spread over {Writers}: "
            + $"{f.SpreadRate:N0}/s (runs {Join(f.SpreadRuns)}); ratio {f.OneTranscriptRate / f.SpreadRate:P0}, goal ≥ 90 %");
        Console.WriteLine($"the same with the transcript-row bump of before (same run): one transcript {f.RowLockOneRate:N0}/s, spread {f.RowLockSpreadRate:N0}/s, "
            + $"ratio {f.RowLockOneRate / f.RowLockSpreadRate:P0}");
        return 0;
    });

    /// <summary>The suite's rows for these figures (issue 18's goals).</summary>
    internal static List<Suite.Row> Rows(Figures f)
    {
        var batchRate = f.BatchApplied / f.BatchSeconds;
        return
        [
            new("bulk import, 1,000 transcripts of ~50 KB, one upload", $"{f.ImportSeconds:F1} s ({f.Imported} imported)", "doccano 3.2 s (issue 18, not this run)", "—",
                "≤ 5 s (issue 18)", new ReportRow("bulk-import-one-upload", Math.Round(f.ImportSeconds, 2), "s", null, null, null, null)),
            new($"batch tagging, {BatchTotal:N0} taggings in calls of {BatchSize:N0}", $"{batchRate:N0} taggings/s ({f.BatchSeconds:F1} s)", "—", "—",
                "≥ 5,000/s (issue 18)", new ReportRow("batch-tagging", Math.Round(batchRate), "taggings/s", null, null, null, null)),
            new($"{Writers} writers on one transcript (runs {Join(f.OneRuns)})", $"{f.OneTranscriptRate:N0} taggings/s", $"spread over {Writers} transcripts: {f.SpreadRate:N0}/s (runs {Join(f.SpreadRuns)})",
                $"{f.OneTranscriptRate / f.SpreadRate:P0}", "≥ 90 % (issue 18)",
                new ReportRow("writers-one-transcript", Math.Round(f.OneTranscriptRate), "taggings/s", null, null, Math.Round(f.SpreadRate), Math.Round(f.OneTranscriptRate / f.SpreadRate, 4))),
        ];
    }

    public static async Task<Figures> MeasureAsync(string cs)
    {
        await DataSet.SeedPeopleAndLabelsAsync(cs);
        await using var app = await AppProcess.StartAsync(cs);
        var tokens = new List<string>();
        await using (var db = DbSetup.CreateContext(cs))
        {
            var service = new ApiTokenService(db, TimeProvider.System);
            for (var w = 0; w < Writers; w++)
            {
                tokens.Add((await service.CreateAsync($"bench-{w}", "bench")).Secret);
            }
        }
        using var http = Client(app, tokens[0], TimeSpan.FromMinutes(20));

        var files = ImportFiles();
        var (importSeconds, imported) = await ImportOnceAsync(http, files);
        Progress($"import: {imported} transcripts ({files.Sum(f => (long)f.Bytes.Length) / 1e6:F1} MB) in one upload, {importSeconds:F1} s");

        var blocks = await BlocksAsync(cs);
        var clock = Stopwatch.StartNew();
        var applied = 0;
        for (var call = 0; call < BatchTotal / BatchSize; call++)
        {
            var items = Enumerable.Range(call * BatchSize, BatchSize).Select(i => Span(blocks[i % blocks.Count], i / blocks.Count, "code " + (i % 60).ToString("D2", CultureInfo.InvariantCulture)));
            using var response = await http.PostAsJsonAsync("/api/v1/taggings/batch", new { items });
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Batch call {call} failed with {(int)response.StatusCode}: {body}");
            }
            applied += JsonDocument.Parse(body).RootElement.GetProperty("created").GetInt32();
        }
        var batchSeconds = clock.Elapsed.TotalSeconds;
        Progress($"batch: {applied:N0} taggings created in {batchSeconds:F1} s");

        // Writers take spans from their own blocks, so no two writes collide on the unique index.
        var transcripts = blocks.GroupBy(b => b.TranscriptId).Take(Writers).Select(g => g.ToList()).ToList();
        var clients = tokens.Select(t => Client(app, t, TimeSpan.FromMinutes(1))).ToList();
        var one = new List<double>();
        var spread = new List<double>();
        for (var run = 0; run < WriterRuns; run++)
        {
            one.Add(await WritersAsync(clients, w => transcripts[0], run * 2));
            spread.Add(await WritersAsync(clients, w => transcripts[w], run * 2 + 1));
            Progress($"writers run {run + 1}: one transcript {one[^1]:F0}/s, spread {spread[^1]:F0}/s");
        }
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var swap = new NpgsqlCommand(RowLockBump, conn);
            await swap.ExecuteNonQueryAsync();
        }
        var rowOne = await WritersAsync(clients, w => transcripts[0], 100);
        var rowSpread = await WritersAsync(clients, w => transcripts[w], 101);
        Progress($"writers with the row bump: one transcript {rowOne:F0}/s, spread {rowSpread:F0}/s");
        clients.ForEach(c => c.Dispose());
        return new(importSeconds, imported, batchSeconds, applied, Median(one), Median(spread), one, spread, rowOne, rowSpread);
    }

    /// <summary>
    /// 1,000 files of 45–55 KB in the three formats (a different range of the data set's generator than the suite's).
    /// About one generated file in five falls in that range: 3,000 gave only 563, so the row measured 563.
    /// </summary>
    private static List<ImportFile> ImportFiles()
    {
        var files = DataSet.Files(5_000, 6_000).Where(f => f.Bytes.Length is >= 45_000 and <= 55_000).Take(1_000).ToList();
        return files.Count == 1_000 ? files : throw new InvalidOperationException($"Only {files.Count} generated files are 45–55 KB; the import row needs 1,000.");
    }

    public static async Task<(double Seconds, int Imported)> ImportOnceAsync(HttpClient http, IReadOnlyList<ImportFile> files)
    {
        using var form = new MultipartFormDataContent { { new StringContent("one upload"), "collection" } };
        foreach (var f in files)
        {
            form.Add(new ByteArrayContent(f.Bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, "files", f.FileName);
        }
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync("/api/v1/transcripts", form);
        var body = await response.Content.ReadAsStringAsync();
        var seconds = watch.Elapsed.TotalSeconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Import failed with {(int)response.StatusCode}: {body[..Math.Min(400, body.Length)]}");
        }
        return (seconds, JsonDocument.Parse(body).RootElement.GetProperty("imported").GetInt32());
    }

    /// <summary>Single-tagging writers for <see cref="WriterSeconds"/>; taggings per second over all of them.</summary>
    private static async Task<double> WritersAsync(List<HttpClient> clients, Func<int, List<Block>> blocksOf, int round)
    {
        var count = 0;
        var until = Stopwatch.StartNew();
        var tasks = clients.Select(async (client, w) =>
        {
            var mine = blocksOf(w);
            for (var n = 0; until.Elapsed.TotalSeconds < WriterSeconds; n++)
            {
                // Writer w owns every Writers-th block of its list; the offset walks so spans never repeat.
                var block = mine[(w + n * Writers) % mine.Count];
                var item = Span(block, 1_000 + round * 10_000 + n, "code " + (n % 60).ToString("D2", CultureInfo.InvariantCulture));
                using var response = await client.PostAsJsonAsync("/api/v1/taggings", item);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"Tagging failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
                Interlocked.Increment(ref count);
            }
        }).ToList();
        await Task.WhenAll(tasks);
        return count / until.Elapsed.TotalSeconds;
    }

    public sealed record Block(long Id, long TranscriptId, int Length);

    private static object Span(Block block, int k, string label)
    {
        // A distinct (start, end) for each k: starts over the first 40 characters, lengths from 8 up.
        var start = k % 40;
        var end = Math.Min(block.Length, start + 8 + k / 40 % (block.Length - start - 8));
        return new { blockId = block.Id, start, end, label };
    }

    private static async Task<List<Block>> BlocksAsync(string cs)
    {
        var blocks = new List<Block>();
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        // Letters only at the span edges would be nicer; the data set's text is words and single spaces, so a
        // span may trim by one character, which keeps it distinct.
        await using var cmd = new NpgsqlCommand("SELECT id, transcript_id, length(text) FROM blocks WHERE length(text) >= 2000 ORDER BY id", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            blocks.Add(new(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2)));
        }
        return blocks;
    }

    private static HttpClient Client(AppProcess app, string token, TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = timeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static string Join(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static void Progress(string message) => Console.WriteLine($"  {DateTime.Now:HH:mm:ss} {message}");
}
