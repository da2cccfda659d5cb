using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Api;
using TranscriptReader.Web.Tests.Support;
using Xunit.Abstractions;

namespace TranscriptReader.Web.Tests.Reliability;

/// <summary>
/// PostgreSQL goes away under load and comes back: the app must say so honestly (503, never 500),
/// refuse writes rather than half-store them, recover by itself, and keep every write it acknowledged.
/// Runs on a cluster of its own (<see cref="PrivateCluster"/>), never the suite's shared one.
/// </summary>
public sealed class DatabaseRestartTests(PrivateCluster cluster, ITestOutputHelper output) : IClassFixture<PrivateCluster>
{
    private const int Readers = 8;
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(20);

    private enum Phase { Up, Stopping, Down, Starting, Recovered }

    /// <summary>One write as a reader saw it; Key is what the request stored (label name or comment body).</summary>
    private sealed record Attempt(int Reader, string Kind, string Key, int Status, long? Id, Phase SentIn, Phase AnsweredIn, string? MediaType, string? Error);

    private sealed class RestartFactory(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("TR_DATABASE", connectionString);
            builder.UseSetting("Database:MigrateOnStart", "true");
            builder.UseSetting("Database:SeedDemoData", "false");
            // The outage makes the app log an error per refused request; the test collects statuses itself.
            builder.UseSetting("Serilog:MinimumLevel:Default", "Fatal");
            builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore", "Fatal");
            builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Database.Command", "Fatal");
            builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "Fatal");
            // A few scripted readers writing in a loop would hit the per-user limits within seconds, and
            // 429s would only hide what this test looks at.
            builder.UseSetting("RateLimits:writes:PermitLimit", "100000");
            // Open registration without a per-address limit (all test requests share one address), no anonymous read limit.
            builder.UseSetting("Instance:Registration", "open");
            builder.UseSetting("AccountLimits:RegistrationsPerHour", "100000");
            builder.UseSetting("RateLimits:anonymous:PermitLimit", "1000000");
            builder.UseSetting("RateLimits:comments:PermitLimit", "100000");
            builder.UseEnvironment("Testing");
        }

        public HttpClient NewHttp() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    private volatile int phase = (int)Phase.Up;

    private Phase Current => (Phase)phase;

    [Fact]
    public async Task Database_restart_under_load_gives_503s_then_recovers_and_keeps_every_acknowledged_write()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var app = new RestartFactory(connectionString);
        var probe = app.NewHttp(); // starts the host, which applies the migrations
        var readers = await Task.WhenAll(Enumerable.Range(0, Readers).Select(i => ReaderAsync(app, i)));
        long transcriptId, blockId;
        await using (var db = DbSetup.CreateContext(connectionString))
        {
            var text = string.Concat(Enumerable.Repeat("The model weighs whether it is being trained right now. ", 4));
            var (tid, blocks) = await SeedTranscripts.AddAsync(db, "Restart target",
                new SeedTranscripts.SeedMessage(MessageRoles.Assistant, null, new SeedTranscripts.SeedBlock(BlockKinds.Text, text)));
            (transcriptId, blockId) = (tid, blocks[0]);
        }

        var log = new ConcurrentQueue<Attempt>();
        using var stopLoad = new CancellationTokenSource();
        var load = readers.Select((http, i) => Task.Run(() => LoadAsync(i, http, transcriptId, blockId, log, stopLoad.Token))).ToArray();
        try
        {
            await WaitUntilAsync(() => log.Count(a => IsAck(a.Status)) >= 40, TimeSpan.FromSeconds(20), "40 writes acknowledged before the outage");

            phase = (int)Phase.Stopping;
            await cluster.StopAsync("fast");
            phase = (int)Phase.Down;
            await WaitUntilAsync(() => log.Count(a => a.SentIn == Phase.Down) >= 2 * Readers, TimeSpan.FromSeconds(10), "writes attempted while the database is down");

            var health = await probe.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            var page = await probe.GetAsync("/Transcripts");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Contains("The database is unavailable", await page.Content.ReadAsStringAsync());

            phase = (int)Phase.Starting;
            var starting = Stopwatch.StartNew();
            await cluster.StartAsync();
            var started = starting.Elapsed;
            var recovery = await WaitForHealthyAsync(probe);
            phase = (int)Phase.Recovered;
            await WaitUntilAsync(
                () => Enumerable.Range(0, Readers).All(r => log.Count(a => a.Reader == r && a.SentIn == Phase.Recovered && IsAck(a.Status)) >= 4),
                TimeSpan.FromSeconds(20), "every reader's writes succeed again after the restart");
            output.WriteLine($"pg_ctl start took {started.TotalSeconds:F1} s; /healthz answered 200 {recovery.TotalSeconds:F2} s after that");
        }
        finally
        {
            await stopLoad.CancelAsync();
            await Task.WhenAll(load);
        }

        var attempts = log.ToList();
        foreach (var group in attempts.GroupBy(a => (a.SentIn, a.Status)).OrderBy(g => g.Key))
        {
            output.WriteLine($"sent while {group.Key.SentIn}: status {group.Key.Status} × {group.Count()}");
        }
        Assert.All(attempts, a => Assert.True(IsAck(a.Status) || a.Status == 503,
            $"{a.Kind} '{a.Key}' sent while {a.SentIn} got {a.Status}: {a.Error}"));
        var whileDown = attempts.Where(a => a.SentIn == Phase.Down && a.AnsweredIn == Phase.Down).ToList();
        Assert.NotEmpty(whileDown);
        Assert.All(whileDown, a =>
        {
            Assert.Equal(503, a.Status);
            Assert.Equal("application/problem+json", a.MediaType);
        });

        // Once /healthz is back every write succeeds: the outage's failures already emptied the pool of
        // connections from before the restart.
        Assert.All(attempts.Where(a => a.SentIn == Phase.Recovered), a => Assert.True(IsAck(a.Status), $"{a.Kind} after recovery got {a.Status}"));

        await AssertStoredRowsMatchAcknowledgedWritesAsync(connectionString, attempts);
    }

    /// <summary>
    /// Idle pooled connections do not notice the server going away; the first one used afterwards
    /// fails (an honest 503), and Npgsql then clears the whole pool, so no second request pays for the
    /// restart, however many idle connections the pool held.
    /// </summary>
    [Fact]
    public async Task After_a_restart_nobody_noticed_at_most_the_first_request_fails()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var app = new RestartFactory(connectionString);
        var client = new TestClient(app.NewHttp());
        await client.RegisterAsync("quiet@example.org", "Quiet");
        // Several pooled connections, all idle while the server restarts, as after a night-time upgrade.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.NewHttp().GetAsync("/Transcripts")));

        await cluster.StopAsync("fast");
        await cluster.StartAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.Http.GetAsync("/Transcripts")).StatusCode);
        }
        Assert.Contains(statuses[0], new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
        Assert.All(statuses.Skip(1), s => Assert.Equal(HttpStatusCode.OK, s));
    }

    /// <summary>
    /// Regression: a write that used its transaction after the connection broke answered 500, because
    /// the exception that surfaced ("Transaction is already completed") carries no network error.
    /// </summary>
    [Fact]
    public async Task Using_a_transaction_whose_connection_was_terminated_counts_as_database_unavailable()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await cluster.CreateDatabaseAsync()) { Pooling = false }.ConnectionString;
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var pid = (int)(await new NpgsqlCommand("SELECT pg_backend_pid()", conn, tx).ExecuteScalarAsync())!;
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            // What a fast shutdown does to every session.
            await new NpgsqlCommand($"SELECT pg_terminate_backend({pid})", admin).ExecuteScalarAsync();
        }

        var broken = await Record.ExceptionAsync(() => new NpgsqlCommand("SELECT 1", conn, tx).ExecuteScalarAsync());
        var reuse = Record.Exception(() => new NpgsqlCommand("SELECT 1", conn) { Transaction = tx });
        var commit = await Record.ExceptionAsync(() => tx.CommitAsync());

        Assert.All(new[] { broken, reuse, commit }, e =>
        {
            Assert.NotNull(e);
            Assert.Equal(503, ApiExceptionHandler.Classify(e).Status);
        });
        Assert.IsType<InvalidOperationException>(reuse);
    }

    [Fact]
    public async Task Bulk_import_cut_by_a_database_crash_stores_whole_transcripts_only_and_a_rerun_completes_it()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var app = new RestartFactory(connectionString);
        var probe = app.NewHttp();
        var client = new TestClient(app.NewHttp());
        await client.RegisterAsync("importer@example.org", "Importer");
        client.UseBearer(await client.CreateTokenAsync());
        var generated = Enumerable.Range(0, ImportSize).Select(Generate).ToList();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transcripts") { Content = Upload(generated) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = new List<JsonElement>();
        Task? crash = null;
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync()))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Add(JsonDocument.Parse(line).RootElement.Clone());
                // Crash the server while the import is well under way; reading goes on meanwhile, so
                // the app is never held up by a client that stopped listening.
                crash ??= lines.Count == CrashAfter ? Task.Run(() => cluster.StopAsync("immediate")) : null;
            }
        }
        Assert.NotNull(crash);
        await crash;

        var fileLines = lines.Where(l => l.GetProperty("type").GetString() == "file").ToList();
        var acknowledged = fileLines.SelectMany(l => l.GetProperty("imported").EnumerateArray().Select(e => e.GetInt64())).ToList();
        Assert.True(fileLines.Count < ImportSize, $"The import finished ({fileLines.Count} files) before the database went down; make it larger.");
        Assert.All(fileLines, l => Assert.Equal(JsonValueKind.Null, l.GetProperty("error").ValueKind));
        // The 200 status went out with the first line, so the stream itself must end by saying why it stopped.
        var last = lines[^1];
        Assert.Equal("error", last.GetProperty("type").GetString());
        Assert.Equal(503, last.GetProperty("status").GetInt32());
        Assert.Contains("database became unavailable", last.GetProperty("error").GetString());

        var stored = await AfterRestartAsync(connectionString, probe, generated, [], acknowledged, "streamed API");

        // Second try through the import page without scripts (a plain form post), cut by an orderly
        // shutdown: a 503 page that says what happened and lists the transcripts that were stored.
        var browser = new TestClient(app.NewHttp());
        await browser.LoginAsync("importer@example.org");
        var form = Upload(generated);
        form.Add(new StringContent(await browser.AntiforgeryTokenAsync("/Transcripts/Import")), "__RequestVerificationToken");
        var page = await CutImportAsync(connectionString, stored.Count, browser.Http.PostAsync("/Transcripts/Import", form));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("The database became unavailable during the import", html);
        var pageReported = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html)
            .QuerySelectorAll(".import-summary a[href^='/Transcripts/']")
            .Select(a => long.Parse(a.GetAttribute("href")!["/Transcripts/".Length..], System.Globalization.CultureInfo.InvariantCulture))
            .Except(stored).ToList(); // the other links are the duplicates skipped, which point at earlier transcripts
        stored = await AfterRestartAsync(connectionString, probe, generated, stored, pageReported, "page form post");

        // Third try through the API without streaming, cut the same way: a 503 problem listing what was stored.
        var api = await CutImportAsync(connectionString, stored.Count, client.Http.PostAsync("/api/v1/transcripts", Upload(generated)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("database became unavailable", problem.GetProperty("detail").GetString());
        var apiReported = problem.GetProperty("imported").EnumerateArray().Select(e => e.GetInt64()).ToList();
        stored = await AfterRestartAsync(connectionString, probe, generated, stored, apiReported, "API without streaming");

        var rerun = await client.Http.PostAsync("/api/v1/transcripts", Upload(generated));
        Assert.Equal(HttpStatusCode.Created, rerun.StatusCode);
        var summary = await rerun.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ImportSize - stored.Count, summary.GetProperty("imported").GetInt32());
        Assert.Equal(stored.Count, summary.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, summary.GetProperty("failed").GetInt32());
        Assert.Equal(ImportSize, (await AssertWholeTranscriptsAsync(connectionString, generated)).Count);
        // With distinct titles, each one generated, 300 stored transcripts are exactly the generated set.
        output.WriteLine($"rerun: {summary.GetProperty("imported").GetInt32()} imported, {summary.GetProperty("duplicates").GetInt32()} duplicates");
    }

    private const int ImportSize = 300;
    private const int CrashAfter = 40;

    /// <summary>A generated plain-text transcript and what the importer must make of it.</summary>
    private sealed record GeneratedTranscript(string FileName, string Title, string Text, int Messages, int CharCount);

    /// <summary>"# Title", then alternating Human/Assistant turns; each turn becomes one message of one block, trimmed.</summary>
    private static GeneratedTranscript Generate(int i)
    {
        var title = $"Restart import {i:D3}";
        var text = new StringBuilder($"# {title}\n\n");
        var turns = 2 + i % 5;
        var chars = 0;
        for (var t = 0; t < turns; t++)
        {
            var body = $"Turn {t} of transcript {i}, " + string.Join(' ', Enumerable.Repeat("the model considers its training", 3 + (i * 7 + t) % 20));
            text.Append(t % 2 == 0 ? "Human: " : "Assistant: ").Append(body).Append("\n\n");
            chars += body.Length;
        }
        return new($"restart-{i:D3}.txt", title, text.ToString(), turns, chars);
    }

    /// <summary>Sends an import of the whole set, stops the database once it has stored some more, and returns the answer.</summary>
    private async Task<HttpResponseMessage> CutImportAsync(string connectionString, int storedBefore, Task<HttpResponseMessage> sending)
    {
        await WaitForTranscriptsAsync(connectionString, storedBefore + CrashAfter);
        await cluster.StopAsync("fast");
        return await sending;
    }

    /// <summary>
    /// Starts the database again and checks the interrupted import: everything stored is whole, the
    /// transcripts reported as imported are stored, and at most one more (committed just as the server
    /// went down, before the app heard back) is; the set is still incomplete. Returns all stored ids.
    /// </summary>
    private async Task<List<long>> AfterRestartAsync(
        string connectionString, HttpClient probe, List<GeneratedTranscript> generated, List<long> before, List<long> reported, string how)
    {
        await cluster.StartAsync();
        await WaitForHealthyAsync(probe);
        var stored = await AssertWholeTranscriptsAsync(connectionString, generated);
        output.WriteLine($"{how}: {reported.Count} new transcripts reported, {stored.Count} stored in all");
        Assert.True(stored.Count < generated.Count, $"The import through the {how} finished before the database went down.");
        Assert.Subset(stored.ToHashSet(), before.Concat(reported).ToHashSet());
        Assert.InRange(stored.Count - before.Count - reported.Count, 0, 1);
        return stored;
    }

    private static async Task WaitForTranscriptsAsync(string connectionString, int count)
    {
        // Its own unpooled connection, so the app's pool is not touched by the watching.
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM transcripts", conn);
        var clock = Stopwatch.StartNew();
        while ((long)(await query.ExecuteScalarAsync())! < count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"Waited 30 s for {count} transcripts to be stored.");
            await Task.Delay(20);
        }
    }

    private static MultipartFormDataContent Upload(IEnumerable<GeneratedTranscript> transcripts)
    {
        var form = new MultipartFormDataContent();
        foreach (var t in transcripts)
        {
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(t.Text)), "files", t.FileName);
        }
        return form;
    }

    /// <summary>Checks that every stored transcript has exactly the messages, blocks and characters its file defines; returns the ids.</summary>
    private static async Task<List<long>> AssertWholeTranscriptsAsync(string connectionString, List<GeneratedTranscript> generated)
    {
        await using var db = DbSetup.CreateContext(connectionString);
        var stored = await db.Transcripts.AsNoTracking().Select(t => new
        {
            t.Id,
            t.Title,
            t.CharCount,
            Messages = db.Messages.Count(m => m.TranscriptId == t.Id),
            Blocks = db.Blocks.Count(b => b.TranscriptId == t.Id),
            Chars = db.Blocks.Where(b => b.TranscriptId == t.Id).Sum(b => b.Text.Length),
        }).ToListAsync();
        var expected = generated.ToDictionary(g => g.Title);
        Assert.Equal(stored.Count, stored.Select(t => t.Title).Distinct().Count());
        Assert.All(stored, t =>
        {
            var g = expected[t.Title];
            Assert.Equal((g.Messages, g.Messages, g.CharCount, g.CharCount), (t.Messages, t.Blocks, t.Chars, t.CharCount));
        });
        // No message or block belongs to a transcript that is not there (a half-stored one would).
        Assert.Equal(stored.Sum(t => t.Messages), await db.Messages.CountAsync());
        Assert.Equal(stored.Sum(t => t.Blocks), await db.Blocks.CountAsync());
        return stored.ConvertAll(t => t.Id);
    }

    /// <summary>
    /// Every acknowledged write is stored under the id the client was given; nothing else is stored.
    /// A request that got 503 could in principle have committed if PostgreSQL went down between the
    /// commit and its acknowledgement reaching the app; with an orderly (fast) shutdown the server
    /// answers a commit it has made before closing the session, so here a stored row the client was
    /// refused would be a real bug, and the test counts it as one.
    /// </summary>
    private async Task AssertStoredRowsMatchAcknowledgedWritesAsync(string connectionString, List<Attempt> attempts)
    {
        await using var db = DbSetup.CreateContext(connectionString);
        var acked = attempts.Where(a => IsAck(a.Status)).ToList();
        var comments = await db.Comments.AsNoTracking().Select(c => new { c.Id, c.Body }).ToListAsync();
        var taggings = await db.Taggings.AsNoTracking().Select(t => new { t.Id, t.AppliedLabelName, Label = db.Labels.Where(l => l.Id == t.LabelId).Select(l => l.Name).First() }).ToListAsync();
        var labels = await db.Labels.AsNoTracking().Where(l => l.Name.StartsWith("restart ")).Select(l => l.Name).ToListAsync();
        output.WriteLine($"acknowledged: {acked.Count(a => a.Kind == "comment")} comments, {acked.Count(a => a.Kind == "tagging")} taggings; "
            + $"stored: {comments.Count} comments, {taggings.Count} taggings, {labels.Count} labels");

        Assert.Equal(
            acked.Where(a => a.Kind == "comment").Select(a => (a.Id!.Value, a.Key)).Order(),
            comments.Select(c => (c.Id, c.Body)).Order());
        Assert.Equal(
            acked.Where(a => a.Kind == "tagging").Select(a => (a.Id!.Value, a.Key)).Order(),
            taggings.Select(t => (t.Id, t.AppliedLabelName)).Order());
        // Each apply names a new label, created in the same transaction as its tagging: a refused
        // apply must not leave its label behind.
        Assert.Equal(taggings.Select(t => t.Label).Order(StringComparer.Ordinal), labels.Order(StringComparer.Ordinal));
    }

    private static bool IsAck(int status) => status is >= 200 and < 300;

    private static async Task<HttpClient> ReaderAsync(RestartFactory app, int i)
    {
        var client = new TestClient(app.NewHttp());
        await client.RegisterAsync($"reader{i}@example.org", $"Reader {i}");
        client.UseBearer(await client.CreateTokenAsync());
        return client.Http;
    }

    /// <summary>One reader: applies a tagging with a new label, then comments, until told to stop.</summary>
    private async Task LoadAsync(int reader, HttpClient http, long transcriptId, long blockId, ConcurrentQueue<Attempt> log, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var label = $"restart {reader}-{n}";
            log.Enqueue(await SendAsync(reader, "tagging", label,
                () => http.PostAsJsonAsync("/api/v1/taggings", new { blockId, start = n % 50, end = n % 50 + 8, label })));
            var body = $"Restart comment {reader}-{n}";
            log.Enqueue(await SendAsync(reader, "comment", body,
                () => http.PostAsJsonAsync("/api/v1/comments", new { transcriptId, body })));
            // Requests are not cancelled by the stop token: a cancelled request would be a third outcome
            // (neither acknowledged nor refused) that the bookkeeping could not judge.
            await Task.Delay(20, CancellationToken.None);
        }
    }

    private async Task<Attempt> SendAsync(int reader, string kind, string key, Func<Task<HttpResponseMessage>> send)
    {
        var sentIn = Current;
        try
        {
            using var response = await send();
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            long? id = IsAck(status) ? JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64() : null;
            return new(reader, kind, key, status, id, sentIn, Current, response.Content.Headers.ContentType?.MediaType,
                status >= 500 ? text : null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            // No answer at all (the host failed the request): recorded as status 0, which fails the test.
            return new(reader, kind, key, 0, null, sentIn, Current, null, e.ToString());
        }
    }

    private static async Task<TimeSpan> WaitForHealthyAsync(HttpClient probe)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < RecoveryBound)
        {
            var response = await probe.GetAsync("/healthz");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return clock.Elapsed;
            }
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            await Task.Delay(100);
        }
        throw new TimeoutException($"/healthz did not answer 200 within {RecoveryBound.TotalSeconds} s of the database starting again.");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan bound, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > bound)
            {
                throw new TimeoutException($"Waited {bound.TotalSeconds} s for: {what}.");
            }
            await Task.Delay(50);
        }
    }
}
