using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Tests.Support;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Database;

/// <summary>TaggingService on real PostgreSQL (kept out of the Tagging folder, which holds the pure tests).</summary>
[Collection(DatabaseCollection.Name)]
public sealed class TaggingServiceTests(TestDatabase database) : IAsyncLifetime
{
    private const string Text = "I should protect my goals 🎯 here. Otherwise training changes me.";
    private long blockId;
    private long otherBlockId;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await using var db = database.CreateContext();
        db.Users.AddRange(User("u1", "Ada"), User("u2", "Bob"), User("u3", "Cy"));
        var transcript = new Transcript { Title = "t", Source = "s", Format = "plain-text", ContentHash = "h" };
        db.Transcripts.Add(transcript);
        await db.SaveChangesAsync();
        var reasoning = new Block { Ordinal = 0, Kind = BlockKinds.Reasoning, Text = Text, TranscriptId = transcript.Id };
        var output = new Block { Ordinal = 1, Kind = BlockKinds.Output, Text = "Sure.", TranscriptId = transcript.Id };
        db.Messages.Add(new Message { TranscriptId = transcript.Id, Ordinal = 0, Role = MessageRoles.Assistant, Blocks = [reasoning, output] });
        await db.SaveChangesAsync();
        blockId = reasoning.Id;
        otherBlockId = output.Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static AppUser User(string id, string name) => new()
    {
        Id = id, UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = name + "@example.org",
        NormalizedEmail = name.ToUpperInvariant() + "@EXAMPLE.ORG", SecurityStamp = Guid.NewGuid().ToString(),
    };

    private static (TaggingService Service, AppDbContext Db) Service(AppDbContext db) =>
        (new TaggingService(db, new LabelDirectory(db, TimeProvider.System), new AuditLog(db, TimeProvider.System), TimeProvider.System), db);

    private async Task<Outcome<AppliedTagging>> ApplyAsync(string user, int start, int end, string? quote, string label, long? block = null)
    {
        await using var db = database.CreateContext();
        return await Service(db).Service.ApplyAsync(user, block ?? blockId, start, end, quote, label);
    }

    [Fact]
    public async Task Applying_a_new_name_creates_the_label_and_stores_the_trimmed_span_with_context()
    {
        var start = Text.IndexOf("protect", StringComparison.Ordinal);
        var outcome = await ApplyAsync("u1", start - 1, start + "protect my goals".Length + 1, null, "Goal guarding");

        Assert.Null(outcome.Failure);
        var t = outcome.Value;
        Assert.True(t.Created);
        Assert.True(t.LabelCreated);
        Assert.Equal("protect my goals", t.Quote);
        await using var db = database.CreateContext();
        var row = await db.Taggings.SingleAsync();
        Assert.Equal((start, start + 16), (row.Start, row.End));
        Assert.Equal("I should ", row.Prefix);
        Assert.StartsWith(" 🎯 here.", row.Suffix, StringComparison.Ordinal);
        Assert.Equal("Goal guarding", row.AppliedLabelName);
        Assert.Equal("Goal guarding", (await db.Labels.SingleAsync()).Name);
    }

    [Fact]
    public async Task Applying_the_same_label_to_the_same_span_twice_keeps_one_row()
    {
        var first = await ApplyAsync("u1", 2, 8, "should", "goal guarding");
        var second = await ApplyAsync("u1", 2, 8, "should", "  GOAL   guarding ");

        Assert.True(first.Value.Created);
        Assert.False(second.Value.Created);
        Assert.Equal(first.Value.Id, second.Value.Id);
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.Taggings.CountAsync());
        Assert.Equal(1, await db.Labels.CountAsync());
    }

    [Fact]
    public async Task Concurrent_identical_applies_store_one_tagging()
    {
        await ApplyAsync("u2", 0, 1, null, "warmup");
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ApplyAsync("u1", 2, 8, null, "goal guarding")));

        Assert.All(results, r => Assert.Null(r.Failure));
        Assert.Single(results.Select(r => r.Value.Id).Distinct());
        Assert.Single(results, r => r.Value.Created);
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.Taggings.CountAsync(t => t.UserId == "u1"));
    }

    [Fact]
    public async Task Another_reader_applying_the_same_label_gets_their_own_tagging()
    {
        await ApplyAsync("u1", 2, 8, null, "goal guarding");
        var other = await ApplyAsync("u2", 2, 8, null, "goal guarding");
        Assert.True(other.Value.Created);
        await using var db = database.CreateContext();
        Assert.Equal(2, await db.Taggings.CountAsync());
    }

    [Fact]
    public async Task An_alias_or_a_merged_label_resolves_to_the_canonical_label()
    {
        int targetId;
        await using (var db = database.CreateContext())
        {
            var target = new Label { Name = "Goal guarding", NormalizedName = "goal guarding", Color = "#5b8def" };
            db.Labels.Add(target);
            await db.SaveChangesAsync();
            targetId = target.Id;
            db.LabelAliases.Add(new LabelAlias { LabelId = target.Id, Alias = "goal preservation", NormalizedAlias = "goal preservation" });
            db.Labels.Add(new Label { Name = "Self-preservation", NormalizedName = "self-preservation", Color = "#e8a33d", MergedIntoId = target.Id });
            await db.SaveChangesAsync();
        }

        var viaAlias = await ApplyAsync("u1", 2, 8, null, "Goal Preservation");
        var viaMerged = await ApplyAsync("u2", 2, 8, null, "self-preservation");

        Assert.Equal(targetId, viaAlias.Value.LabelId);
        Assert.Equal("Goal guarding", viaAlias.Value.Label);
        Assert.Equal(targetId, viaMerged.Value.LabelId);
        await using var check = database.CreateContext();
        var applied = await check.Taggings.OrderBy(t => t.Id).Select(t => t.AppliedLabelName).ToListAsync();
        Assert.Equal(["Goal Preservation", "self-preservation"], applied);
        Assert.Equal(2, await check.Labels.CountAsync());
    }

    [Theory]
    [InlineData(2, 8, "shoulx", "does not match")]
    [InlineData(-1, 3, null, "outside the block")]
    [InlineData(60, 999, null, "outside the block")]
    [InlineData(8, 2, null, "outside the block")]
    [InlineData(1, 2, null, "only whitespace")]
    public async Task Bad_spans_are_refused_with_a_message_and_store_nothing(int start, int end, string? quote, string message)
    {
        var outcome = await ApplyAsync("u1", start, end, quote, "brand new label");

        Assert.Equal(FailureKind.Invalid, outcome.Failure?.Kind);
        Assert.Contains(message, outcome.Failure?.Message, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.False(await db.Taggings.AnyAsync());
        Assert.False(await db.Labels.AnyAsync());
    }

    [Fact]
    public async Task A_span_that_cuts_an_emoji_in_half_is_refused()
    {
        var emoji = Text.IndexOf("🎯", StringComparison.Ordinal);
        var outcome = await ApplyAsync("u1", emoji + 1, emoji + 5, null, "x");
        Assert.Equal(FailureKind.Invalid, outcome.Failure?.Kind);
        Assert.Contains("emoji", outcome.Failure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_span_ending_after_an_emoji_keeps_both_halves()
    {
        var start = Text.IndexOf("goals", StringComparison.Ordinal);
        var end = Text.IndexOf("🎯", StringComparison.Ordinal) + 2;
        var outcome = await ApplyAsync("u1", start, end, "goals 🎯", "x");
        Assert.Equal("goals 🎯", outcome.Value.Quote);
        Assert.Equal(end, outcome.Value.End);
    }

    [Fact]
    public async Task Unknown_block_and_blank_label_are_refused()
    {
        Assert.Equal(FailureKind.Invalid, (await ApplyAsync("u1", 0, 1, null, "x", block: 987654)).Failure?.Kind);
        Assert.Equal(FailureKind.Invalid, (await ApplyAsync("u1", 0, 1, null, "   ")).Failure?.Kind);
        Assert.Equal(FailureKind.Invalid, (await ApplyAsync("u1", 0, 6, null, "12345")).Failure?.Kind);
        await using var db = database.CreateContext();
        Assert.False(await db.Taggings.AnyAsync());
    }

    [Fact]
    public async Task Offsets_must_lie_inside_the_one_block_named()
    {
        var outcome = await ApplyAsync("u1", 0, 20, null, "x", block: otherBlockId);
        Assert.Equal(FailureKind.Invalid, outcome.Failure?.Kind);
    }

    [Fact]
    public async Task Votes_are_one_per_reader_changeable_removable_and_set_the_status()
    {
        var id = (await ApplyAsync("u1", 2, 8, null, "goal guarding")).Value.Id;
        await using var db = database.CreateContext();
        var (service, _) = Service(db);

        // Any signed-in reader but the one who applied the tag votes (see the test below).
        Assert.Equal(FailureKind.Invalid, (await service.VoteAsync("u1", id, 1)).Failure?.Kind);

        Assert.Equal(new VoteCounts(1, 0, 1, "proposed"), (await service.VoteAsync("u2", id, 1)).Value);
        Assert.Equal(new VoteCounts(1, 0, 1, "proposed"), (await service.VoteAsync("u2", id, 1)).Value);
        Assert.Equal(new VoteCounts(2, 0, 1, "accepted"), (await service.VoteAsync("u3", id, 1)).Value);
        Assert.Equal(new VoteCounts(1, 1, -1, "contested"), (await service.VoteAsync("u3", id, -1)).Value);
        Assert.Equal(new VoteCounts(1, 0, 0, "proposed"), (await service.VoteAsync("u3", id, 0)).Value);
        Assert.Equal(FailureKind.Invalid, (await service.VoteAsync("u3", id, 2)).Failure?.Kind);
        Assert.Equal(FailureKind.NotFound, (await service.VoteAsync("u3", id + 1000, 1)).Failure?.Kind);
        Assert.Equal(1, await db.Votes.CountAsync());
    }

    [Fact]
    public async Task A_taggers_own_agree_does_not_count_toward_accepted()
    {
        var id = (await ApplyAsync("u1", 2, 8, null, "goal guarding")).Value.Id;
        await using var db = database.CreateContext();
        var (service, _) = Service(db);

        var own = await service.VoteAsync("u1", id, 1);
        Assert.Equal(FailureKind.Invalid, own.Failure?.Kind);
        Assert.Contains("your own tag", own.Failure?.Message, StringComparison.Ordinal);
        Assert.False(await db.Votes.AnyAsync());

        // An own vote stored before the rule (or by a tool writing to the database) still does not count.
        db.Votes.Add(new Vote { TaggingId = id, UserId = "u1", Value = 1 });
        await db.SaveChangesAsync();
        Assert.Equal(new VoteCounts(1, 0, 1, "proposed"), (await service.VoteAsync("u2", id, 1)).Value);
        var transcriptId = await db.Transcripts.Select(t => t.Id).SingleAsync();
        var view = (await new TaggingQueries(db).ForTranscriptAsync(transcriptId, "u1")).Single();
        Assert.Equal((1, 0, 1, "proposed"), (view.Agrees, view.Disputes, view.MyVote, view.Status));
        Assert.Equal(new VoteCounts(1, 0, 1, "proposed"), await service.CountsAsync(id, "u1"));

        // Two readers besides the tagger accept it; the tagger may still withdraw the old vote.
        Assert.Equal(new VoteCounts(2, 0, 1, "accepted"), (await service.VoteAsync("u3", id, 1)).Value);
        Assert.Equal(new VoteCounts(2, 0, 0, "accepted"), (await service.VoteAsync("u1", id, 0)).Value);
    }

    [Fact]
    public async Task Owners_remove_their_own_others_cannot_and_moderator_removals_are_audited()
    {
        var id = (await ApplyAsync("u1", 2, 8, null, "goal guarding")).Value.Id;
        var second = (await ApplyAsync("u1", 9, 16, null, "goal guarding")).Value.Id;
        await using var db = database.CreateContext();
        var (service, _) = Service(db);

        Assert.Equal(FailureKind.Forbidden, (await service.RemoveAsync("u2", isModerator: false, id)).Failure?.Kind);
        Assert.Null((await service.RemoveAsync("u3", isModerator: true, id)).Failure);
        Assert.Null((await service.RemoveAsync("u1", isModerator: false, second)).Failure);
        Assert.Equal(FailureKind.NotFound, (await service.RemoveAsync("u1", isModerator: false, second)).Failure?.Kind);

        Assert.False(await db.Taggings.AnyAsync());
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal(("u3", "tagging.delete", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (entry.ActorId, entry.Action, entry.TargetId));
        Assert.Contains("\"quote\":\"should\"", entry.DetailsJson, StringComparison.Ordinal);
        Assert.Contains("\"owner\":\"u1\"", entry.DetailsJson, StringComparison.Ordinal);
        Assert.Contains("\"label\":\"goal guarding\"", entry.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_transcript_view_lists_taggings_in_reading_order_with_votes()
    {
        var later = (await ApplyAsync("u1", 9, 16, null, "b")).Value.Id;
        var earlier = (await ApplyAsync("u2", 2, 8, null, "a")).Value.Id;
        await using var db = database.CreateContext();
        await Service(db).Service.VoteAsync("u3", earlier, -1);
        var transcriptId = await db.Transcripts.Select(t => t.Id).SingleAsync();

        var views = await new TaggingQueries(db).ForTranscriptAsync(transcriptId, "u3");

        Assert.Equal([earlier, later], views.Select(v => v.Id));
        Assert.Equal((0, 1, -1, "contested", "Bob"), (views[0].Agrees, views[0].Disputes, views[0].MyVote, views[0].Status, views[0].User));
        Assert.Equal((0, 0, 0, "proposed"), (views[1].Agrees, views[1].Disputes, views[1].MyVote, views[1].Status));
    }

    [Fact]
    public async Task A_vote_racing_the_deletion_of_its_tagging_is_not_found_and_stores_nothing()
    {
        var id = (await ApplyAsync("u1", 2, 8, null, "goal guarding")).Value.Id;
        // The tagging goes between the service's existence check and its insert, as under load.
        var deleteFirst = new BeforeFirstCommand("INSERT INTO votes", () =>
        {
            using var other = database.CreateContext();
            other.Taggings.Where(t => t.Id == id).ExecuteDelete();
        });
        await using var db = deleteFirst.CreateContext(database);

        var outcome = await Service(db).Service.VoteAsync("u2", id, 1);

        Assert.True(deleteFirst.Fired);
        Assert.Equal(FailureKind.NotFound, outcome.Failure?.Kind);
        await using var check = database.CreateContext();
        Assert.False(await check.Votes.AnyAsync());
    }
}
