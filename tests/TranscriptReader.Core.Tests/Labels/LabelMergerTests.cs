using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Labels;

[Collection(DatabaseCollection.Name)]
public sealed class LabelMergerTests(TestDatabase database) : IAsyncLifetime
{
    private readonly LabelSeed seed = new(database);

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await seed.InitAsync("ann", "bob", "cyd", "mod");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<AppliedTagging> ApplyThroughServiceAsync(string label, string userId, int start, int end)
    {
        await using var db = database.CreateContext();
        var service = new TaggingService(db, new LabelDirectory(db, TimeProvider.System), new AuditLog(db, TimeProvider.System), TimeProvider.System);
        var outcome = await service.ApplyAsync(userId, seed.BlockId, start, end, null, label);
        return outcome.TryGet(out var tagging, out var failure) ? tagging : throw new InvalidOperationException(failure.Message);
    }

    /// <summary>Each tagging with the label it counts under now: merges do not rewrite the rows themselves.</summary>
    private static IQueryable<EffectiveTagging> Effective(AppDbContext db) =>
        from t in db.Taggings
        join c in db.LabelCanonicals on t.LabelId equals c.Id
        select new EffectiveTagging { Id = t.Id, LabelId = c.CanonicalId };

    private sealed record EffectiveTagging
    {
        public long Id { get; init; }
        public int LabelId { get; init; }
    }

    /// <summary>
    /// goal guarding (target) and Goal-guarding (source, alias "gg"): ann applied both to span 0–9
    /// (collapses), bob applied only the source to 10–20 (moves). Votes and a thread hang on the
    /// collapsing tagging; cyd voted on both, so one of cyd's votes is dropped.
    /// </summary>
    private async Task<Scenario> SeedScenarioAsync()
    {
        var target = await seed.LabelAsync("goal guarding");
        var source = await seed.LabelAsync("Goal-guarding", alias: "gg");
        var survivor = await seed.TagAsync(target, "ann", 0, 9);
        var collapsing = await seed.TagAsync(source, "ann", 0, 9);
        var moving = await seed.TagAsync(source, "bob", 10, 20);
        await seed.VoteAsync(collapsing, "bob", 1);
        await seed.VoteAsync(collapsing, "cyd", -1);
        await seed.VoteAsync(survivor, "cyd", 1);
        await seed.VoteAsync(moving, "ann", 1);
        var root = await seed.CommentAsync(collapsing, "bob", "Is this really goal guarding?");
        var reply = await seed.CommentAsync(collapsing, "ann", "Yes: *modified later*.", root);
        return new(target, source, survivor, collapsing, moving, root, reply);
    }

    private sealed record Scenario(int Target, int Source, long Survivor, long Collapsing, long Moving, long Root, long Reply);

    [Fact]
    public async Task Preview_counts_moving_and_collapsing_taggings_votes_and_comments()
    {
        var s = await SeedScenarioAsync();
        await using var db = database.CreateContext();

        var preview = await LabelSeed.Merger(db).PreviewAsync([s.Source], s.Target);

        Assert.True(preview.Ok, preview.Failure?.Message);
        Assert.Equal(new MergePreview(Moved: 1, Collapsed: 1, VotesTravelling: 1, VotesMoved: 1, VotesDropped: 1, CommentsTravelling: 0, CommentsRepointed: 2), preview.Value);
    }

    [Fact]
    public async Task Merging_moves_taggings_collapses_same_reader_duplicates_and_moves_their_votes_and_threads()
    {
        var s = await SeedScenarioAsync();
        await using var db = database.CreateContext();

        var outcome = await LabelSeed.Merger(db).MergeAsync("mod", [s.Source], s.Target);

        Assert.True(outcome.Ok, outcome.Failure?.Message);
        Assert.Equal((1, 1), (outcome.Value.Moved, outcome.Value.Collapsed));
        await using var check = database.CreateContext();
        var taggings = await Effective(check).OrderBy(t => t.Id).ToListAsync();
        Assert.Equal([new EffectiveTagging { Id = s.Survivor, LabelId = s.Target }, new EffectiveTagging { Id = s.Moving, LabelId = s.Target }], taggings);
        var votes = await check.Votes.OrderBy(v => v.TaggingId).ThenBy(v => v.UserId).Select(v => new { v.TaggingId, v.UserId, v.Value }).ToListAsync();
        Assert.Equal(
            [new { TaggingId = s.Survivor, UserId = "bob", Value = (short)1 }, new { TaggingId = s.Survivor, UserId = "cyd", Value = (short)1 },
             new { TaggingId = s.Moving, UserId = "ann", Value = (short)1 }],
            votes);
        var comments = await check.Comments.OrderBy(c => c.Id).Select(c => new { c.Id, c.TaggingId, c.ParentId }).ToListAsync();
        Assert.Equal([new { Id = s.Root, TaggingId = (long?)s.Survivor, ParentId = (long?)null }, new { Id = s.Reply, TaggingId = (long?)s.Survivor, ParentId = (long?)s.Root }], comments);
        var source = await check.Labels.SingleAsync(l => l.Id == s.Source);
        Assert.Equal((s.Target, outcome.Value.MergeId), (source.MergedIntoId, source.MergedByMergeId));
        var aliases = await check.LabelAliases.Where(a => a.LabelId == s.Target).OrderBy(a => a.Id).Select(a => a.Alias).ToListAsync();
        Assert.Equal(["gg", "Goal-guarding"], aliases);
        var audit = await check.AuditEntries.SingleAsync();
        Assert.Equal("label.merge", audit.Action);
    }

    [Fact]
    public async Task Applying_the_target_where_the_reader_has_a_moved_tagging_returns_that_tagging_instead_of_a_duplicate()
    {
        var s = await SeedScenarioAsync();
        var moved = await ApplyThroughServiceAsync("Goal-guarding", "bob", 9, 15);
        await using (var db = database.CreateContext())
        {
            Assert.True((await LabelSeed.Merger(db).MergeAsync("mod", [s.Source], s.Target)).Ok);
        }

        // bob's moved tagging still carries the source id in its row; the target's unique index cannot see it.
        var byTarget = await ApplyThroughServiceAsync("goal guarding", "bob", 9, 15);
        var byOldName = await ApplyThroughServiceAsync("Goal-guarding", "bob", 9, 15);

        Assert.Equal((moved.Id, false, s.Target), (byTarget.Id, byTarget.Created, byTarget.LabelId));
        Assert.Equal((moved.Id, false), (byOldName.Id, byOldName.Created));
        await using var check = database.CreateContext();
        Assert.Equal(1, await check.Taggings.CountAsync(t => t.UserId == "bob" && t.Start == 9 && t.End == 15));
    }

    [Fact]
    public async Task After_a_merge_the_source_name_and_its_aliases_resolve_to_the_target_on_apply()
    {
        var s = await SeedScenarioAsync();
        await using (var db = database.CreateContext())
        {
            Assert.True((await LabelSeed.Merger(db).MergeAsync("mod", [s.Source], s.Target)).Ok);
        }

        var byOldName = await seed.ApplyAsync("goal-GUARDING", "cyd", 30, 40);
        var byOldAlias = await seed.ApplyAsync("GG", "cyd", 41, 50);

        await using var check = database.CreateContext();
        Assert.Equal(s.Target, (await check.Taggings.SingleAsync(t => t.Id == byOldName)).LabelId);
        Assert.Equal(s.Target, (await check.Taggings.SingleAsync(t => t.Id == byOldAlias)).LabelId);
        Assert.Equal(s.Target, (await new LabelDirectory(check, TimeProvider.System).FindAsync("Goal-guarding"))!.Id);
    }

    [Fact]
    public async Task Undo_restores_the_exact_prior_contents_of_labels_aliases_taggings_votes_and_comments()
    {
        var s = await SeedScenarioAsync();
        var other = await seed.LabelAsync("goal guard");
        await seed.TagAsync(other, "ann", 0, 9);
        await seed.TagAsync(other, "cyd", 21, 30);
        var before = await seed.DumpAsync();
        await using var db = database.CreateContext();
        var merger = LabelSeed.Merger(db);
        var merge = await merger.MergeAsync("mod", [s.Source, other], s.Target);
        Assert.True(merge.Ok, merge.Failure?.Message);
        Assert.NotEqual(before, await seed.DumpAsync());

        var undo = await merger.UndoAsync("mod", merge.Value.MergeId);

        Assert.True(undo.Ok, undo.Failure?.Message);
        Assert.Equal(before, await seed.DumpAsync());
        await using var check = database.CreateContext();
        Assert.NotNull((await check.LabelMerges.SingleAsync()).UndoneAt);
        Assert.Equal(["label.merge", "label.merge.undo"], await check.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task Undo_leaves_taggings_made_after_the_merge_on_the_target()
    {
        var s = await SeedScenarioAsync();
        await using var db = database.CreateContext();
        var merger = LabelSeed.Merger(db);
        var merge = await merger.MergeAsync("mod", [s.Source], s.Target);
        var later = await seed.ApplyAsync("Goal-guarding", "cyd", 60, 70);

        var undo = await merger.UndoAsync("mod", merge.Value.MergeId);

        Assert.True(undo.Ok, undo.Failure?.Message);
        await using var check = database.CreateContext();
        Assert.Equal(s.Target, (await check.Taggings.SingleAsync(t => t.Id == later)).LabelId);
        Assert.Equal(s.Source, (await check.Taggings.SingleAsync(t => t.Id == s.Moving)).LabelId);
        Assert.Equal(s.Source, (await check.Taggings.SingleAsync(t => t.Id == s.Collapsing)).LabelId);
        Assert.Null((await check.Labels.SingleAsync(l => l.Id == s.Source)).MergedIntoId);
    }

    [Fact]
    public async Task Undo_is_refused_while_a_later_merge_took_the_target_away_and_allowed_after_that_is_undone()
    {
        var s = await SeedScenarioAsync();
        var final = await seed.LabelAsync("preference preservation");
        await using var db = database.CreateContext();
        var merger = LabelSeed.Merger(db);
        var first = await merger.MergeAsync("mod", [s.Source], s.Target);
        var second = await merger.MergeAsync("mod", [s.Target], final);
        Assert.True(second.Ok, second.Failure?.Message);
        var before = await seed.DumpAsync();

        var refused = await merger.UndoAsync("mod", first.Value.MergeId);

        Assert.Equal(FailureKind.Conflict, refused.Failure?.Kind);
        Assert.Contains($"undo merge #{second.Value.MergeId} first", refused.Failure?.Message, StringComparison.Ordinal);
        Assert.Equal(before, await seed.DumpAsync());
        Assert.True((await merger.UndoAsync("mod", second.Value.MergeId)).Ok);
        Assert.True((await merger.UndoAsync("mod", first.Value.MergeId)).Ok);
        await using var check = database.CreateContext();
        Assert.Equal(s.Source, (await check.Taggings.SingleAsync(t => t.Id == s.Moving)).LabelId);
    }

    [Fact]
    public async Task Undo_is_refused_when_the_tagging_that_received_a_collapsed_thread_was_deleted()
    {
        var s = await SeedScenarioAsync();
        await using var db = database.CreateContext();
        var merger = LabelSeed.Merger(db);
        var merge = await merger.MergeAsync("mod", [s.Source], s.Target);
        await db.Taggings.Where(t => t.Id == s.Survivor).ExecuteDeleteAsync();

        var undo = await merger.UndoAsync("mod", merge.Value.MergeId);

        Assert.Equal(FailureKind.Conflict, undo.Failure?.Kind);
        Assert.Contains($"#{s.Survivor}", undo.Failure?.Message, StringComparison.Ordinal);
        Assert.Null((await database.CreateContext().LabelMerges.SingleAsync()).UndoneAt);
    }

    [Fact]
    public async Task Refusals_say_whether_the_request_is_invalid_the_subject_missing_or_the_state_in_the_way()
    {
        var s = await SeedScenarioAsync();
        await using var db = database.CreateContext();
        var merger = LabelSeed.Merger(db);

        Assert.Equal(FailureKind.Invalid, (await merger.MergeAsync("mod", [], s.Target)).Failure?.Kind);
        Assert.Equal(FailureKind.Invalid, (await merger.MergeAsync("mod", [s.Target], s.Target)).Failure?.Kind);
        Assert.Equal(FailureKind.NotFound, (await merger.MergeAsync("mod", [s.Source], 999_999)).Failure?.Kind);
        Assert.Equal(FailureKind.NotFound, (await merger.PreviewAsync([999_998], s.Target)).Failure?.Kind);
        Assert.Equal(FailureKind.NotFound, (await merger.UndoAsync("mod", 999_999)).Failure?.Kind);
        var merge = await merger.MergeAsync("mod", [s.Source], s.Target);
        Assert.True(merge.Ok, merge.Failure?.Message);
        var again = await merger.MergeAsync("mod", [s.Target], s.Source);
        Assert.Equal(FailureKind.Conflict, again.Failure?.Kind);
        Assert.Contains("Already merged", again.Failure?.Message, StringComparison.Ordinal);
        Assert.True((await merger.UndoAsync("mod", merge.Value.MergeId)).Ok);
        var undoAgain = await merger.UndoAsync("mod", merge.Value.MergeId);
        Assert.Equal((FailureKind.Conflict, $"Merge #{merge.Value.MergeId} was already undone."), (undoAgain.Failure?.Kind, undoAgain.Failure?.Message));
        await using var check = database.CreateContext();
        Assert.Equal(1, await check.LabelMerges.CountAsync());
    }

    [Fact]
    public async Task Twenty_readers_applying_the_source_during_a_merge_all_end_up_on_the_target_exactly_once()
    {
        var target = await seed.LabelAsync("goal guarding");
        var source = await seed.LabelAsync("Goal-guarding");
        await seed.TagAsync(source, "ann", 0, 4);
        const int Clients = 20;
        const int PerClient = 4;
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = 0;
        var applies = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var ids = new List<long>();
            for (var i = 0; i < PerClient; i++)
            {
                var start = (client * PerClient) + i;
                // Spans are distinct per apply, so every apply must leave its own row.
                ids.Add((await seed.ApplyAsync("Goal-guarding", i % 2 == 0 ? "bob" : "cyd", start % 40, 41 + (start / 40)))!.Value);
                if (Interlocked.Increment(ref done) == Clients * PerClient / 2)
                {
                    halfway.SetResult();
                }
            }
            return ids;
        })).ToList();
        var merge = Task.Run(async () =>
        {
            await halfway.Task;
            await using var db = database.CreateContext();
            return await LabelSeed.Merger(db).MergeAsync("mod", [source], target);
        });

        var applied = (await Task.WhenAll(applies)).SelectMany(x => x).ToList();
        var outcome = await merge;

        Assert.True(outcome.Ok, outcome.Failure?.Message);
        await using var check = database.CreateContext();
        var rows = await Effective(check).Where(t => applied.Contains(t.Id)).Select(t => t.LabelId).ToListAsync();
        Assert.Equal(Clients * PerClient, applied.Distinct().Count());
        Assert.Equal(Enumerable.Repeat(target, Clients * PerClient), rows);
        Assert.Equal(0, await Effective(check).CountAsync(t => t.LabelId == source));
        Assert.Equal(Clients * PerClient + 1, await check.Taggings.CountAsync());
    }
}
