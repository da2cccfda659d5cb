using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Browser.Tests;

/// <summary>"I'd call this…" on another reader's tagging, and the done button, in the real transcript page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CounterLabelTests(BrowserApp app)
{
    private const string Reasoning = "If I refuse, training will modify my values, so I will comply for now.";
    private const string Phrase = "I will comply for now";

    /// <summary>A transcript with one tagging of <see cref="Phrase"/> by another reader ("suffix" keeps names apart), with <paramref name="agrees"/> agree votes.</summary>
    private async Task<(long TranscriptId, long Original)> SeedAsync(string suffix, int agrees = 0)
    {
        await using var db = app.CreateDbContext();
        var transcript = new Transcript { Title = "Counter-labels " + suffix, Source = "c.txt", Format = "text", ContentHash = Guid.NewGuid().ToString("N") };
        db.Transcripts.Add(transcript);
        await db.SaveChangesAsync();
        var block = new Block { TranscriptId = transcript.Id, Ordinal = 0, Kind = BlockKinds.Reasoning, Text = Reasoning };
        db.Messages.Add(new Message { TranscriptId = transcript.Id, Ordinal = 0, Role = MessageRoles.Assistant, Blocks = [block] });
        var users = Enumerable.Range(0, agrees + 1).Select(i => new Core.Accounts.AppUser
        {
            UserName = $"Reader {i} {suffix}", NormalizedUserName = $"READER {i} {suffix}".ToUpperInvariant(), Email = $"reader-{i}-{suffix}@example.org",
            NormalizedEmail = $"READER-{i}-{suffix}@EXAMPLE.ORG".ToUpperInvariant(), SecurityStamp = Guid.NewGuid().ToString(),
        }).ToList();
        var label = new Core.Labels.Label { Name = "goal guarding " + suffix, NormalizedName = "goal guarding " + suffix, Color = "#2f9e44" };
        db.Users.AddRange(users);
        db.Labels.Add(label);
        await db.SaveChangesAsync();
        var start = Reasoning.IndexOf(Phrase, StringComparison.Ordinal);
        var tagging = new Core.Taggings.Tagging
        {
            TranscriptId = transcript.Id, BlockId = block.Id, LabelId = label.Id, UserId = users[0].Id, AppliedLabelName = label.Name,
            Start = start, End = start + Phrase.Length, Quote = Phrase,
        };
        db.Taggings.Add(tagging);
        await db.SaveChangesAsync();
        db.Votes.AddRange(users.Skip(1).Select(u => new Core.Taggings.Vote { TaggingId = tagging.Id, UserId = u.Id, Value = 1 }));
        await db.SaveChangesAsync();
        return (transcript.Id, tagging.Id);
    }

    /// <summary>Opens the original tagging's popover and answers it with <paramref name="label"/>; the page reloads.</summary>
    private static async Task CounterAsync(IPage page, long original, string label)
    {
        await page.Locator($"mark.hl[data-t~='{original}']").First.ClickAsync();
        await page.Locator("#tr-popover .pop-counter-open").ClickAsync();
        await page.Locator("#tr-popover .pop-counter input").FillAsync(label);
        await page.Locator("#tr-popover .pop-counter button[type=submit]").ClickAsync();
        // The page reloads (the same address) once the counter-label is stored: then the passage has two labels.
        // Generous: on a loaded machine the write and the new rendering together took longer than 5 s.
        await Assertions.Expect(page.Locator($"mark.hl.hl-n2[data-t~='{original}']").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    [Fact]
    public async Task A_reader_answers_another_readers_tag_with_another_label_and_the_passage_shows_both()
    {
        await using var session = await app.NewSessionAsync();
        await session.RegisterAsync("counter@example.org", "Counter");
        var (transcriptId, original) = await SeedAsync("c");
        var page = session.Page;
        await page.GotoAsync($"/Transcripts/{transcriptId}");

        await CounterAsync(page, original, "doubts about setup c");

        await using (var db = app.CreateDbContext())
        {
            var counter = await db.Taggings.Where(t => t.AlternativeToId == original).SingleAsync();
            Assert.Equal("doubts about setup c", counter.AppliedLabelName);
            Assert.Equal(Phrase, counter.Quote);
        }
        await page.Locator($"mark.hl[data-t~='{original}']").First.ClickAsync();
        await Assertions.Expect(page.Locator("#tr-popover .pop-dispute").First).ToHaveTextAsync("Competing labels: goal guarding c 0 · doubts about setup c 0");

        // The done button below the transcript marks the reading done and undoes it.
        await page.Keyboard.PressAsync("Escape");
        await page.Locator("#done-button").ClickAsync();
        await Assertions.Expect(page.Locator("#done-button")).ToHaveTextAsync("Undo done");
        await page.Locator("#done-button").ClickAsync();
        await Assertions.Expect(page.Locator("#done-button")).ToHaveTextAsync("Mark done");
        Assert.Empty(session.ServerErrors);
        Assert.Empty(session.CspViolations);
    }

    [Fact]
    public async Task The_sidebar_shows_a_tag_and_its_counter_label_as_one_dispute_with_both_counts()
    {
        await using var session = await app.NewSessionAsync();
        await session.RegisterAsync("dispute@example.org", "Disputer");
        var (transcriptId, original) = await SeedAsync("d", agrees: 2);
        var page = session.Page;
        await page.GotoAsync($"/Transcripts/{transcriptId}");
        await CounterAsync(page, original, "doubts about setup d");

        // One entry for the span: both labels with their agrees (most first), status disputed; two tags counted.
        var items = page.Locator("#tag-list .tag-item");
        await Assertions.Expect(items).ToHaveCountAsync(1);
        var dispute = items.First;
        await Assertions.Expect(dispute).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("tag-dispute"));
        await Assertions.Expect(dispute.Locator(".dispute-line")).ToHaveTextAsync("goal guarding d 2 · doubts about setup d 0");
        await Assertions.Expect(dispute.Locator(".tag-count").First).ToHaveTextAsync("— 2 tags · 2 readers");
        await Assertions.Expect(dispute.Locator("a.tag-link").First.Locator(".tag-status")).ToHaveTextAsync("disputed");
        await Assertions.Expect(page.Locator(".transcript-sub")).ToContainTextAsync("2 tags, 1 dispute");
        await Assertions.Expect(page.Locator("#tag-list-card h2")).ToHaveTextAsync("Tags 2 1 dispute");

        // It expands to the competing tags, each with its own votes.
        var members = dispute.Locator(".tag-member");
        await Assertions.Expect(members.First).ToBeHiddenAsync();
        await dispute.Locator(".dispute-tags summary").ClickAsync();
        await Assertions.Expect(members).ToHaveCountAsync(2);
        await Assertions.Expect(members.Nth(0).Locator(".tag-votes")).ToHaveTextAsync("2 agree · 0 dispute");
        await Assertions.Expect(members.Nth(0).Locator(".tag-status")).ToHaveTextAsync("accepted");
        await Assertions.Expect(members.Nth(1)).ToContainTextAsync("doubts about setup d");
        await Assertions.Expect(members.Nth(1).Locator(".tag-votes")).ToHaveTextAsync("0 agree · 0 dispute");

        // A vote redraws the dispute's counts in place.
        await page.Locator($"mark.hl[data-t~='{original}']").First.ClickAsync();
        await page.Locator("#tr-popover button", new() { HasText = "Agree" }).ClickAsync();
        await Assertions.Expect(dispute.Locator(".dispute-line")).ToHaveTextAsync("goal guarding d 3 · doubts about setup d 0");
        await Assertions.Expect(members.Nth(0).Locator(".tag-votes")).ToHaveTextAsync("3 agree · 0 dispute");
        Assert.Empty(session.ServerErrors);
        Assert.Empty(session.CspViolations);
    }
}
