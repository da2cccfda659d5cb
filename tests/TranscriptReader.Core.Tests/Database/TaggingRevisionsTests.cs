using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Database;

/// <summary>Issue 13, defect 2: a reader changes the label or span of their own tagging; votes go, history stays.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class TaggingRevisionsTests(TestDatabase database) : IAsyncLifetime
{
    private const string Text = "I should protect my goals here. Otherwise training changes me.";
    private long blockId;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await using var db = database.CreateContext();
        foreach (var (id, name) in new[] { ("u1", "Ada"), ("u2", "Bob") })
        {
            db.Users.Add(new AppUser
            {
                Id = id, UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = name + "@example.org",
                NormalizedEmail = name.ToUpperInvariant() + "@EXAMPLE.ORG", SecurityStamp = Guid.NewGuid().ToString(),
            });
        }
        var transcript = new Transcript { Title = "t", Source = "s", Format = "plain-text", ContentHash = "h" };
        db.Transcripts.Add(transcript);
        await db.SaveChangesAsync();
        var block = new Block { Ordinal = 0, Kind = BlockKinds.Reasoning, Text = Text, TranscriptId = transcript.Id };
        db.Messages.Add(new Message { TranscriptId = transcript.Id, Ordinal = 0, Role = MessageRoles.Assistant, Blocks = [block] });
        await db.SaveChangesAsync();
        blockId = block.Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static (TaggingService Taggings, TaggingRevisions Revisions) Services(Data.AppDbContext db)
    {
        var labels = new LabelDirectory(db, TimeProvider.System);
        var audit = new AuditLog(db, TimeProvider.System);
        return (new TaggingService(db, labels, audit, TimeProvider.System), new TaggingRevisions(db, labels, audit));
    }

    [Fact]
    public async Task Changing_label_and_span_clears_votes_and_is_recorded_as_sentences()
    {
        await using var db = database.CreateContext();
        var (taggings, revisions) = Services(db);
        var start = Text.IndexOf("protect my goals", StringComparison.Ordinal);
        var id = (await taggings.ApplyAsync("u1", blockId, start, start + 16, null, "goal guarding")).Value.Id;
        await taggings.VoteAsync("u2", id, 1);

        Assert.Equal(FailureKind.Forbidden, (await revisions.ReviseAsync("u2", id, "other", null, null, null)).Failure?.Kind);
        Assert.Equal(FailureKind.Invalid, (await revisions.ReviseAsync("u1", id, null, null, null, null)).Failure?.Kind);
        Assert.Equal(FailureKind.Invalid, (await revisions.ReviseAsync("u1", id, null, 0, 999, null)).Failure?.Kind);
        Assert.Equal(FailureKind.NotFound, (await revisions.ReviseAsync("u1", id + 100, "x", null, null, null)).Failure?.Kind);
        // Nothing different: nothing changes, the vote stays.
        Assert.Null((await revisions.ReviseAsync("u1", id, "Goal Guarding", null, null, null)).Failure);
        Assert.Equal(1, await db.Votes.CountAsync());

        var relabelled = await revisions.ReviseAsync("u1", id, "self preservation", null, null, null);
        Assert.Equal("self preservation", relabelled.Value.Label);
        Assert.False(await db.Votes.AnyAsync());
        var wider = Text.IndexOf("should protect", StringComparison.Ordinal);
        var moved = await revisions.ReviseAsync("u1", id, null, wider, start + 16, null);
        Assert.Equal("should protect my goals", moved.Value.Quote);

        db.ChangeTracker.Clear();
        var row = await db.Taggings.SingleAsync();
        Assert.Equal((wider, start + 16, "should protect my goals", "self preservation"), (row.Start, row.End, row.Quote, row.AppliedLabelName));
        var history = await revisions.HistoryAsync(id);
        Assert.NotNull(history);
        Assert.Equal(
            ["Label changed from “goal guarding” to “self preservation”; 1 vote cleared.", "Span changed from “protect my goals” to “should protect my goals”."],
            history.Select(h => h.Text));
        Assert.All(history, h => Assert.Equal("Ada", h.By));
        Assert.Null(await revisions.HistoryAsync(id + 100));
    }

    [Fact]
    public async Task Changing_to_a_label_the_reader_already_applied_to_that_span_is_a_conflict()
    {
        await using var db = database.CreateContext();
        var (taggings, revisions) = Services(db);
        var a = (await taggings.ApplyAsync("u1", blockId, 2, 8, null, "first")).Value.Id;
        await taggings.ApplyAsync("u1", blockId, 2, 8, null, "second");

        Assert.Equal(FailureKind.Conflict, (await revisions.ReviseAsync("u1", a, "second", null, null, null)).Failure?.Kind);
        db.ChangeTracker.Clear();
        Assert.Equal("first", (await db.Taggings.SingleAsync(t => t.Id == a)).AppliedLabelName);
    }
}
