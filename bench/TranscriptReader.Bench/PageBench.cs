using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Bench;

/// <summary>
/// The transcript page alone, for quick iterations on it: 60,000 characters, 500 overlapping taggings from
/// 20 readers, 200 comments, in a small database. Served by the Release build in its own process:
/// single-request latency over loopback (issue 3: median under 100 ms), then wrk throughput next to the
/// Fortunes baseline (served by the baseline host, a process of its own, stopped before the app is measured),
/// for an anonymous visitor and for a signed-in reader. The suite measures the same page inside the full data set.
/// </summary>
public static class PageBench
{
    public static Task RunAsync(string server) => BenchDatabase.WithAsync(async cs =>
    {
        var id = await SeedAsync(cs, seed: 7);
        await using var app = await AppProcess.StartAsync(cs);
        var cookie = await ReaderLogin.CookieHeaderAsync(app.BaseAddress, cs, "reader1", $"/Transcripts/{id}");
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        for (var i = 0; i < 20; i++)
        {
            (await http.GetAsync($"/Transcripts/{id}")).EnsureSuccessStatusCode();
        }
        var sequential = new List<double>();
        for (var i = 0; i < 100; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync($"/Transcripts/{id}");
            await response.Content.ReadAsByteArrayAsync();
            sequential.Add(watch.Elapsed.TotalMilliseconds);
        }
        sequential.Sort();
        var html = await http.GetStringAsync($"/Transcripts/{id}");
        Console.WriteLine($"transcript page (60,000 chars, 500 taggings, 200 comments, {html.Length / 1024} KiB HTML): "
            + $"median {sequential[50]:0.0} ms, p90 {sequential[90]:0.0} ms, p99 {sequential[99]:0.0} ms over 100 sequential requests; target median < 100 ms");

        WrkResult fortunes;
        await using (var baseline = await AppProcess.StartBaselineAsync(cs))
        {
            fortunes = await Suite.LoadAsync(baseline, "/bench/fortunes");
        }
        Console.WriteLine($"Fortunes: {Suite.Describe(fortunes)}");
        foreach (var (who, headers) in new[] { ("anonymous", Array.Empty<string>()), ("signed-in reader (login cookie)", [cookie]) })
        {
            var page = await Suite.LoadAsync(app, $"/Transcripts/{id}", headers);
            Console.WriteLine($"transcript page, {who}: {Suite.Describe(page)}, {page.RequestsPerSecond / fortunes.RequestsPerSecond:P0} of Fortunes (goal ≥ 40 %)");
        }
        return 0;
    });

    public static async Task<long> SeedAsync(string cs, int seed)
    {
        var random = new Random(seed);
        await using var db = DbSetup.CreateContext(cs);
        var users = Enumerable.Range(1, 20).Select(i => new AppUser
        {
            UserName = $"reader{i}", NormalizedUserName = $"READER{i}", Email = $"reader{i}@example.org",
            NormalizedEmail = $"READER{i}@EXAMPLE.ORG", SecurityStamp = Guid.NewGuid().ToString(),
        }).ToList();
        db.Users.AddRange(users);
        var labels = Enumerable.Range(1, 10).Select(i => new Label
        {
            Name = $"label {i}", NormalizedName = $"label {i}", Color = LabelDirectory.Palette[i % LabelDirectory.Palette.Length],
        }).ToList();
        db.Labels.AddRange(labels);
        var transcript = new Transcript { Title = "Bench transcript", Source = "bench", Format = "af-tagged", ContentHash = "bench-" + seed };
        db.Transcripts.Add(transcript);
        await db.SaveChangesAsync();

        string[] words = ["training", "goal", "values", "user", "helpful", "refuse", "comply", "RLHF", "free", "tier", "reason", "the", "a", "of", "and", "to", "is", "🎯"];
        var blocks = new List<Block>();
        for (var m = 0; m < 12; m++)
        {
            var message = new Message { TranscriptId = transcript.Id, Ordinal = m, Role = m % 2 == 0 ? MessageRoles.User : MessageRoles.Assistant };
            var kinds = m % 2 == 0 ? new[] { BlockKinds.Text } : [BlockKinds.Reasoning, BlockKinds.Output];
            for (var k = 0; k < kinds.Length; k++)
            {
                var sb = new StringBuilder();
                while (sb.Length < 60_000 / 18)
                {
                    sb.Append(words[random.Next(words.Length)]).Append(random.Next(12) == 0 ? ".\n\n" : " ");
                }
                var block = new Block { TranscriptId = transcript.Id, Ordinal = k, Kind = kinds[k], Text = sb.ToString() };
                message.Blocks.Add(block);
                blocks.Add(block);
            }
            db.Messages.Add(message);
        }
        transcript.CharCount = blocks.Sum(b => b.Text.Length);
        await db.SaveChangesAsync();

        var spans = new HashSet<(int, long, int, int, string)>();
        var taggings = new List<Tagging>();
        while (taggings.Count < 500)
        {
            var block = blocks[random.Next(blocks.Count)];
            var start = random.Next(block.Text.Length - 10);
            var end = Math.Min(block.Text.Length, start + random.Next(5, 400));
            if (char.IsLowSurrogate(block.Text[start]) || (end < block.Text.Length && char.IsLowSurrogate(block.Text[end])))
            {
                continue;
            }
            var label = labels[random.Next(labels.Count)];
            var user = users[random.Next(users.Count)];
            if (spans.Add((label.Id, block.Id, start, end, user.Id)))
            {
                taggings.Add(new Tagging
                {
                    BlockId = block.Id, TranscriptId = transcript.Id, LabelId = label.Id, AppliedLabelName = label.Name,
                    UserId = user.Id, Start = start, End = end, Quote = block.Text[start..end],
                });
            }
        }
        db.Taggings.AddRange(taggings);
        await db.SaveChangesAsync();
        var voted = new HashSet<(long, string)>();
        foreach (var t in taggings.Where(_ => random.Next(3) == 0))
        {
            var voter = users[random.Next(users.Count)].Id;
            if (voted.Add((t.Id, voter)))
            {
                db.Votes.Add(new Vote { TaggingId = t.Id, UserId = voter, Value = (short)(random.Next(4) == 0 ? -1 : 1) });
            }
        }
        var comments = new List<Comment>();
        for (var i = 0; i < 200; i++)
        {
            var onTagging = random.Next(2) == 0;
            comments.Add(new Comment
            {
                TranscriptId = onTagging ? null : transcript.Id,
                TaggingId = onTagging ? taggings[random.Next(taggings.Count)].Id : null,
                AuthorId = users[random.Next(users.Count)].Id,
                Body = "I read this passage as **goal guarding** because the model reasons about training.",
            });
        }
        db.Comments.AddRange(comments);
        await db.SaveChangesAsync();
        return transcript.Id;
    }
}
