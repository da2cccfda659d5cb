using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Web.Tests.Support;
using Xunit.Abstractions;

namespace TranscriptReader.Web.Tests.Reliability;

/// <summary>
/// A reading session under load: 30 readers tag, untag, re-tag, vote and comment through the JSON API
/// while a moderator merges label pairs and undoes the merges, all on one app instance with rate limits
/// lifted. Every 2xx answer is written to a <see cref="Ledger"/>; afterwards the database must hold
/// exactly what was acknowledged, and the counts the API shows must equal SQL counts.
/// </summary>
/// <remarks>
/// <para>Merges collapse one reader's taggings of the source and the target on the same span. Here no
/// collapse can happen: each reader applies a new tagging only on a span that reader has never used
/// (a counter walks through the spans), and re-applies an existing tagging only by the label id it was
/// created with, which resolves to wherever the merge moved it. So every merge must report 0 collapsed,
/// and every tagging's ledger entry stays exact.</para>
/// <para>The run ends with no merge outstanding: the moderator always undoes what it merged before it
/// stops. Then each surviving tagging must carry exactly the label its creation answer named (a
/// tagging made through a merged label's name landed on the target and stays there after the undo).</para>
/// <para>The run is bounded by wall-clock time and by a number of operations per reader; what is checked
/// does not depend on how many operations a slow machine manages.</para>
/// </remarks>
[Collection(WebCollection.Name)]
public sealed class ConcurrencyTests(AppFactory app, ITestOutputHelper output) : IAsyncLifetime
{
    private const int ReaderCount = 30;
    private const int MaxOperationsPerReader = 400;
    private const int BlockLength = 240;
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(15);

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private sealed record LabelFamily(int TargetId, string TargetName, int SourceId, string SourceName);

    private sealed record AckTagging(long Id, int Reader, string UserId, long BlockId, long TranscriptId, int Start, int End, int LabelId);

    private sealed record AckComment(long Id, long? TranscriptId, long? TaggingId, long? ParentId, string AuthorId);

    private sealed record World(List<(long TranscriptId, long BlockId)> Blocks, List<LabelFamily> Families, string[] FreshNames);

    /// <summary>Thread-safe log of acknowledged writes, answer counts, 5xx answers and broken expectations.</summary>
    private sealed class Ledger
    {
        private readonly Lock gate = new();
        private readonly List<long> live = [];
        private readonly Dictionary<long, int> liveIndex = [];
        private readonly Dictionary<string, List<long>> threads = [];

        public ConcurrentDictionary<long, AckTagging> Taggings { get; } = new();
        public ConcurrentDictionary<long, bool> Deleted { get; } = new();
        public ConcurrentDictionary<(long TaggingId, string UserId), int> Votes { get; } = new();
        public ConcurrentDictionary<long, AckComment> Comments { get; } = new();
        /// <summary>Taggings that answered 404 to a vote or comment: each must have been deleted by its reader.</summary>
        public ConcurrentDictionary<long, bool> GoneOnArrival { get; } = new();
        public ConcurrentDictionary<string, int> Operations { get; } = new();
        public ConcurrentDictionary<int, int> Statuses { get; } = new();
        public ConcurrentQueue<string> ServerErrors { get; } = new();
        public ConcurrentQueue<string> Violations { get; } = new();

        public void Count(string operation, HttpStatusCode status)
        {
            Operations.AddOrUpdate(operation, 1, (_, n) => n + 1);
            Statuses.AddOrUpdate((int)status, 1, (_, n) => n + 1);
        }

        public void Created(AckTagging t)
        {
            Taggings[t.Id] = t;
            lock (gate)
            {
                liveIndex[t.Id] = live.Count;
                live.Add(t.Id);
            }
        }

        public void Removed(long id)
        {
            Deleted[id] = true;
            lock (gate)
            {
                if (liveIndex.Remove(id, out var at))
                {
                    var last = live[^1];
                    live[at] = last;
                    live.RemoveAt(live.Count - 1);
                    if (last != id)
                    {
                        liveIndex[last] = at;
                    }
                }
            }
        }

        public long? AnyLive(Random rng)
        {
            lock (gate)
            {
                return live.Count == 0 ? null : live[rng.Next(live.Count)];
            }
        }

        public void Commented(AckComment c, string thread)
        {
            Comments[c.Id] = c;
            lock (gate)
            {
                if (!threads.TryGetValue(thread, out var ids))
                {
                    threads[thread] = ids = [];
                }
                ids.Add(c.Id);
            }
        }

        public long? AnyComment(string thread, Random rng)
        {
            lock (gate)
            {
                return threads.TryGetValue(thread, out var ids) && ids.Count > 0 ? ids[rng.Next(ids.Count)] : null;
            }
        }
    }

    [Fact]
    public async Task Thirty_readers_and_a_merging_moderator_lose_nothing_duplicate_nothing_and_counts_match_sql()
    {
        await using var instance = new ExtraInstance(app.Database.ConnectionString, ExtraInstance.UnlimitedRates);
        var (_, modToken) = await instance.AccountWithTokenAsync("mod@example.org", "Moderator", Roles.Moderator);
        var moderator = instance.BearerClient(modToken);
        var readers = new List<(string UserId, HttpClient Http)>();
        for (var i = 0; i < ReaderCount; i++)
        {
            var (userId, token) = await instance.AccountWithTokenAsync($"reader{i}@example.org", $"Reader {i}");
            readers.Add((userId, instance.BearerClient(token)));
        }
        var world = await SeedAsync(moderator);
        var ledger = new Ledger();

        var clock = Stopwatch.StartNew();
        using var readersDone = new CancellationTokenSource();
        var moderatorTask = ModerateAsync(moderator, world, ledger, readersDone.Token);
        await Task.WhenAll(readers.Select((r, i) => Task.Run(() => ReadAsync(i, r.UserId, r.Http, world, ledger, clock))));
        await readersDone.CancelAsync();
        var (merges, undos) = await moderatorTask;
        var elapsed = clock.Elapsed;

        output.WriteLine($"Run: {elapsed.TotalSeconds:F1} s, {ReaderCount} readers, {merges} merges, {undos} undos");
        output.WriteLine("Operations: " + string.Join(", ", ledger.Operations.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        output.WriteLine("Statuses: " + string.Join(", ", ledger.Statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}")));
        output.WriteLine($"Acknowledged: {ledger.Taggings.Count} taggings ({ledger.Deleted.Count} deleted), {ledger.Votes.Count} vote keys, {ledger.Comments.Count} comments");

        foreach (var problem in ledger.ServerErrors.Concat(ledger.Violations).Take(40))
        {
            output.WriteLine(problem);
        }
        Assert.True(ledger.ServerErrors.IsEmpty, "5xx answers:\n" + string.Join("\n", ledger.ServerErrors.Take(20)));
        Assert.True(ledger.Violations.IsEmpty, "Broken expectations:\n" + string.Join("\n", ledger.Violations.Take(20)));
        Assert.True(merges > 0 && merges == undos, $"The moderator merged {merges} times and undid {undos} merges.");
        await AssertDatabaseMatchesLedgerAsync(ledger);
        await AssertApiCountsMatchSqlAsync(moderator, world);
    }

    private async Task<World> SeedAsync(HttpClient moderator)
    {
        var blocks = new List<(long, long)>();
        await using (var db = app.CreateDbContext())
        {
            for (var t = 0; t < 3; t++)
            {
                // No whitespace, so a selection is stored exactly as requested (edges are never trimmed).
                string Text(int m) => string.Concat(Enumerable.Range(0, BlockLength / 8).Select(n => $"t{t}m{m}-{n % 10:D2}|"))[..BlockLength];
                var (transcriptId, blockIds) = await SeedTranscripts.AddAsync(db, $"Session transcript {t}",
                    new SeedTranscripts.SeedMessage("user", "User", new SeedTranscripts.SeedBlock("text", Text(0))),
                    new SeedTranscripts.SeedMessage("assistant", "Model", new SeedTranscripts.SeedBlock("reasoning", Text(1))));
                blocks.AddRange(blockIds.Select(b => (transcriptId, b)));
            }
        }
        async Task<int> CreateLabel(string name)
        {
            var response = await moderator.PostAsJsonAsync("/api/v1/labels", new { name });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        }
        // Families 0 and 2 have the target's id below the source's, family 1 the other way round, so
        // both lock orders between a merge and a tagging that follows an alias are exercised.
        var families = new List<LabelFamily>();
        for (var f = 0; f < 3; f++)
        {
            var target = $"deception {f}";
            var source = $"lying {f}";
            if (f == 1)
            {
                var sourceId = await CreateLabel(source);
                families.Add(new LabelFamily(await CreateLabel(target), target, sourceId, source));
            }
            else
            {
                var targetId = await CreateLabel(target);
                families.Add(new LabelFamily(targetId, target, await CreateLabel(source), source));
            }
        }
        return new World(blocks, families, ["fresh idea 0", "fresh idea 1"]);
    }

    /// <summary>Merges each family's source into its target, waits a moment, undoes; until the readers stop.</summary>
    private static async Task<(int Merges, int Undos)> ModerateAsync(HttpClient http, World world, Ledger ledger, CancellationToken stop)
    {
        var merges = 0;
        var undos = 0;
        var rng = new Random(7);
        while (!stop.IsCancellationRequested)
        {
            var open = new List<long>();
            foreach (var family in world.Families.OrderBy(_ => rng.Next()))
            {
                var (status, body) = await SendAsync(http, HttpMethod.Post, "/api/v1/labels/merge",
                    new { sourceIds = new[] { family.SourceId }, targetId = family.TargetId }, "merge", ledger);
                if (status != HttpStatusCode.OK)
                {
                    ledger.Violations.Enqueue($"merge {family.SourceName} -> {family.TargetName} answered {(int)status}");
                    continue;
                }
                merges++;
                open.Add(body.GetProperty("mergeId").GetInt64());
                if (body.GetProperty("collapsed").GetInt32() != 0)
                {
                    ledger.Violations.Enqueue($"merge {family.SourceName} collapsed taggings, which the readers' spans rule out");
                }
            }
            await Task.Delay(rng.Next(50, 250), CancellationToken.None);
            foreach (var mergeId in open.OrderBy(_ => rng.Next()))
            {
                var (status, _) = await SendAsync(http, HttpMethod.Post, $"/api/v1/merges/{mergeId}/undo", new { }, "undo", ledger);
                if (status == HttpStatusCode.OK)
                {
                    undos++;
                }
                else
                {
                    ledger.Violations.Enqueue($"undo of merge {mergeId} answered {(int)status}");
                }
            }
            await Task.Delay(rng.Next(50, 250), CancellationToken.None);
        }
        return (merges, undos);
    }

    private static async Task ReadAsync(int reader, string userId, HttpClient http, World world, Ledger ledger, Stopwatch clock)
    {
        var rng = new Random(1000 + reader);
        var own = new List<AckTagging>();
        var spans = 0;
        for (var op = 0; op < MaxOperationsPerReader && clock.Elapsed < RunFor; op++)
        {
            // A short pause, as a reader takes between clicks; it also leaves some CPU to test
            // assemblies that run in parallel with this one (the browser tests have timeouts).
            await Task.Delay(rng.Next(5, 30));
            var roll = rng.Next(100);
            if (roll < 35 || own.Count == 0)
            {
                await ApplyNewAsync(reader, userId, http, world, ledger, rng, own, spans++);
            }
            else if (roll < 45)
            {
                await ReapplyAsync(http, ledger, own[rng.Next(own.Count)]);
            }
            else if (roll < 55)
            {
                await DeleteOwnAsync(http, ledger, rng, own);
            }
            else if (roll < 75)
            {
                await VoteAsync(userId, http, ledger, rng);
            }
            else
            {
                await CommentAsync(userId, http, world, ledger, rng);
            }
        }
    }

    /// <summary>The n-th span a reader uses: a different (block, start, end) for every n.</summary>
    private static (int Block, int Start, int End) Span(int n, int blockCount)
    {
        const int starts = BlockLength - 40;
        var j = n / blockCount;
        var start = j % starts;
        return (n % blockCount, start, start + 1 + (j / starts));
    }

    private static async Task ApplyNewAsync(int reader, string userId, HttpClient http, World world, Ledger ledger, Random rng, List<AckTagging> own, int n)
    {
        var (b, start, end) = Span(n, world.Blocks.Count);
        var (transcriptId, blockId) = world.Blocks[b];
        var family = world.Families[rng.Next(world.Families.Count)];
        object label = rng.Next(10) switch
        {
            0 or 1 or 2 => family.TargetName,
            3 or 4 or 5 => family.SourceName.ToUpperInvariant(),
            6 => family.TargetId,
            7 => family.SourceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => world.FreshNames[rng.Next(world.FreshNames.Length)],
        };
        var (status, body) = await SendAsync(http, HttpMethod.Post, "/api/v1/taggings", new { blockId, start, end, label }, "apply", ledger);
        if (status == HttpStatusCode.Created)
        {
            var t = new AckTagging(body.GetProperty("id").GetInt64(), reader, userId, blockId, transcriptId, start, end, body.GetProperty("labelId").GetInt32());
            ledger.Created(t);
            own.Add(t);
        }
        else
        {
            ledger.Violations.Enqueue($"reader {reader}: a new tagging on a fresh span answered {(int)status}: {body}");
        }
    }

    private static async Task ReapplyAsync(HttpClient http, Ledger ledger, AckTagging t)
    {
        var (status, body) = await SendAsync(http, HttpMethod.Post, "/api/v1/taggings",
            new { blockId = t.BlockId, start = t.Start, end = t.End, label = t.LabelId }, "reapply", ledger);
        if (status != HttpStatusCode.OK || body.GetProperty("id").GetInt64() != t.Id)
        {
            ledger.Violations.Enqueue($"reader {t.Reader}: re-applying tagging {t.Id} by label id {t.LabelId} answered {(int)status}: {body}");
        }
    }

    private static async Task DeleteOwnAsync(HttpClient http, Ledger ledger, Random rng, List<AckTagging> own)
    {
        var at = rng.Next(own.Count);
        var t = own[at];
        var (status, body) = await SendAsync(http, HttpMethod.Delete, $"/api/v1/taggings/{t.Id}", null, "delete", ledger);
        if (status == HttpStatusCode.NoContent)
        {
            own.RemoveAt(at);
            ledger.Removed(t.Id);
        }
        else
        {
            ledger.Violations.Enqueue($"reader {t.Reader}: deleting own tagging {t.Id} answered {(int)status}: {body}");
        }
    }

    private static async Task VoteAsync(string userId, HttpClient http, Ledger ledger, Random rng)
    {
        if (ledger.AnyLive(rng) is not { } id)
        {
            return;
        }
        var value = rng.Next(3) - 1;
        var (status, _) = await SendAsync(http, HttpMethod.Post, $"/api/v1/taggings/{id}/vote", new { value }, "vote", ledger);
        if (status == HttpStatusCode.OK)
        {
            ledger.Votes[(id, userId)] = value;
        }
        else if (status == HttpStatusCode.NotFound)
        {
            ledger.GoneOnArrival[id] = true;
        }
    }

    private static async Task CommentAsync(string userId, HttpClient http, World world, Ledger ledger, Random rng)
    {
        long? transcriptId = null;
        long? taggingId = null;
        if (rng.Next(2) == 0)
        {
            transcriptId = world.Blocks[rng.Next(world.Blocks.Count)].TranscriptId;
        }
        else if (ledger.AnyLive(rng) is { } id)
        {
            taggingId = id;
        }
        else
        {
            return;
        }
        var thread = transcriptId is { } tr ? $"transcript:{tr}" : $"tagging:{taggingId}";
        var parentId = rng.Next(2) == 0 ? ledger.AnyComment(thread, rng) : null;
        var (status, body) = await SendAsync(http, HttpMethod.Post, "/api/v1/comments",
            new { transcriptId, taggingId, parentId, body = $"Reading note {rng.Next()} on *{thread}*" }, parentId is null ? "comment" : "reply", ledger);
        if (status == HttpStatusCode.Created)
        {
            ledger.Commented(new AckComment(body.GetProperty("id").GetInt64(), transcriptId, taggingId, parentId, userId), thread);
        }
        else if (status == HttpStatusCode.NotFound && taggingId is { } gone)
        {
            ledger.GoneOnArrival[gone] = true;
        }
        else
        {
            ledger.Violations.Enqueue($"comment in {thread} (parent {parentId}) answered {(int)status}: {body}");
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient http, HttpMethod method, string url, object? body, string operation, Ledger ledger)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        ledger.Count(operation, response.StatusCode);
        if ((int)response.StatusCode >= 500)
        {
            ledger.ServerErrors.Enqueue($"{method} {url} {JsonSerializer.Serialize(body)} -> {(int)response.StatusCode}: {text}");
        }
        var json = text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return (response.StatusCode, json);
    }

    private async Task AssertDatabaseMatchesLedgerAsync(Ledger ledger)
    {
        await using var db = app.CreateDbContext();
        Assert.False(await db.Labels.AnyAsync(l => l.MergedIntoId != null), "A merge is still outstanding.");
        Assert.False(await db.LabelMerges.AnyAsync(m => m.UndoneAt == null), "A merge was never undone.");

        var stored = await db.Taggings.AsNoTracking()
            .Select(t => new { t.Id, t.UserId, t.BlockId, t.Start, t.End, t.LabelId }).ToListAsync();
        var expected = ledger.Taggings.Values.Where(t => !ledger.Deleted.ContainsKey(t.Id)).ToDictionary(t => t.Id);
        var storedIds = stored.Select(t => t.Id).ToHashSet();
        var lost = expected.Keys.Where(id => !storedIds.Contains(id)).Order().ToList();
        var phantom = stored.Where(t => !expected.ContainsKey(t.Id)).Select(t => t.Id).Order().ToList();
        Assert.True(lost.Count == 0, $"Acknowledged taggings missing: {string.Join(", ", lost.Take(20))}");
        Assert.True(phantom.Count == 0, $"Taggings nobody was told about: {string.Join(", ", phantom.Take(20))}");
        var moved = stored.Where(t => expected[t.Id] is var e && (e.UserId, e.BlockId, e.Start, e.End, e.LabelId) != (t.UserId, t.BlockId, t.Start, t.End, t.LabelId))
            .Select(t => t.Id).ToList();
        Assert.True(moved.Count == 0, $"Taggings not as acknowledged (reader, span or label): {string.Join(", ", moved.Take(20))}");
        // Each reader used each span once, so two rows of one reader on one span would be a duplicate.
        Assert.Equal(stored.Count, stored.Select(t => (t.UserId, t.BlockId, t.Start, t.End)).Distinct().Count());

        var strayGone = ledger.GoneOnArrival.Keys.Where(id => !ledger.Deleted.ContainsKey(id)).ToList();
        Assert.True(strayGone.Count == 0, $"Votes or comments were refused with 404 on taggings nobody deleted: {string.Join(", ", strayGone.Take(20))}");

        var votes = (await db.Votes.AsNoTracking().Select(v => new { v.TaggingId, v.UserId, v.Value }).ToListAsync())
            .ToDictionary(v => (v.TaggingId, v.UserId), v => (int)v.Value);
        var expectedVotes = ledger.Votes.Where(v => v.Value != 0 && !ledger.Deleted.ContainsKey(v.Key.TaggingId))
            .ToDictionary(v => v.Key, v => v.Value);
        Assert.Equal(expectedVotes.OrderBy(v => v.Key), votes.OrderBy(v => v.Key));

        var comments = (await db.Comments.AsNoTracking()
            .Select(c => new { c.Id, c.TranscriptId, c.TaggingId, c.ParentId, c.AuthorId }).ToListAsync())
            .Select(c => new AckComment(c.Id, c.TranscriptId, c.TaggingId, c.ParentId, c.AuthorId)).OrderBy(c => c.Id).ToList();
        var expectedComments = ledger.Comments.Values
            .Where(c => c.TaggingId is not { } t || !ledger.Deleted.ContainsKey(t)).OrderBy(c => c.Id).ToList();
        Assert.Equal(expectedComments, comments);
        var ids = comments.Select(c => c.Id).ToHashSet();
        Assert.All(comments, c => Assert.True(c.ParentId is not { } p || ids.Contains(p), $"Comment {c.Id} lost its parent {c.ParentId}."));
    }

    private async Task AssertApiCountsMatchSqlAsync(HttpClient http, World world)
    {
        await using var db = app.CreateDbContext();
        var sqlLabels = await db.Taggings.AsNoTracking().GroupBy(t => t.LabelId)
            .Select(g => new { g.Key, Taggings = g.Count(), Transcripts = g.Select(t => t.TranscriptId).Distinct().Count(), Readers = g.Select(t => t.UserId).Distinct().Count() })
            .ToDictionaryAsync(g => g.Key, g => (g.Taggings, g.Transcripts, g.Readers));
        var apiLabels = await http.GetFromJsonAsync<JsonElement>("/api/v1/labels");
        var shown = apiLabels.EnumerateArray().ToDictionary(
            l => l.GetProperty("id").GetInt32(),
            l => (l.GetProperty("taggings").GetInt32(), l.GetProperty("transcripts").GetInt32(), l.GetProperty("readers").GetInt32()));
        Assert.Equal(sqlLabels.Where(p => p.Value.Taggings > 0).OrderBy(p => p.Key), shown.Where(p => p.Value.Item1 > 0).OrderBy(p => p.Key));
        Assert.Equal(await db.Labels.CountAsync(), shown.Count);

        foreach (var transcriptId in world.Blocks.Select(b => b.TranscriptId).Distinct())
        {
            var listed = (await http.GetFromJsonAsync<JsonElement>($"/api/v1/transcripts/{transcriptId}/taggings")).EnumerateArray()
                .Select(t => (t.GetProperty("id").GetInt64(), t.GetProperty("labelId").GetInt32(), t.GetProperty("agrees").GetInt32(), t.GetProperty("disputes").GetInt32()))
                .OrderBy(t => t.Item1).ToList();
            var sql = await db.Taggings.AsNoTracking().Where(t => t.TranscriptId == transcriptId).OrderBy(t => t.Id)
                .Select(t => new { t.Id, t.LabelId, Agrees = db.Votes.Count(v => v.TaggingId == t.Id && v.Value > 0), Disputes = db.Votes.Count(v => v.TaggingId == t.Id && v.Value < 0) })
                .ToListAsync();
            Assert.Equal(sql.Select(t => (t.Id, t.LabelId, t.Agrees, t.Disputes)), listed);

            var thread = await http.GetFromJsonAsync<JsonElement>($"/api/v1/threads?transcriptId={transcriptId}");
            var visible = await db.Comments.CountAsync(c => c.TranscriptId == transcriptId && c.DeletedAt == null && c.HiddenAt == null);
            Assert.Equal(visible, thread.GetProperty("commentCount").GetInt32());
        }
    }
}
