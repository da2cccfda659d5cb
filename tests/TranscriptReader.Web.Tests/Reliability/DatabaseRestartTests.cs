using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Transcripts;
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
            await cluster.StartAsync();
            var recovery = await WaitForHealthyAsync(probe);
            phase = (int)Phase.Recovered;
            await WaitUntilAsync(
                () => Enumerable.Range(0, Readers).All(r => log.Count(a => a.Reader == r && a.SentIn == Phase.Recovered && IsAck(a.Status)) >= 4),
                TimeSpan.FromSeconds(20), "every reader's writes succeed again after the restart");
            output.WriteLine($"healthz answered 200 {recovery.TotalSeconds:F1} s after the cluster was started again");
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

        await AssertStoredRowsMatchAcknowledgedWritesAsync(connectionString, attempts);
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
