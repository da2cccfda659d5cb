using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Tests.Support;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Discussion;

[Collection(DatabaseCollection.Name)]
public sealed class DiscussionServiceTests(TestDatabase database) : IAsyncLifetime
{
    private AppDbContext db = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        db = database.CreateContext();
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private DiscussionService Service(AppDbContext context) =>
        new(context, new AuditLog(context, TimeProvider.System), TimeProvider.System, NullLogger<DiscussionService>.Instance);

    /// <summary>Each action on a fresh context, as in the app (one scope per request).</summary>
    private async Task<T> Act<T>(Func<DiscussionService, Task<T>> action)
    {
        await using var context = database.CreateContext();
        return await action(Service(context));
    }

    [Fact]
    public async Task Thread_is_a_tree_oldest_first_within_each_level_with_depths()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var bob = await DiscussionSeed.UserAsync(db, "Bob");
        var (_, taggingId) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var key = ThreadKey.ForTagging(taggingId);

        var first = await Act(s => s.PostAsync(key, null, ada, "first"));
        var second = await Act(s => s.PostAsync(key, null, bob, "second"));
        var reply1 = await Act(s => s.PostAsync(key, first.CommentId, bob, "reply one"));
        var reply2 = await Act(s => s.PostAsync(key, first.CommentId, ada, "reply two"));
        var nested = await Act(s => s.PostAsync(key, reply1.CommentId, ada, "nested"));

        var thread = (await Act(s => s.LoadAsync(key, DiscussionViewer.Anonymous)))!;
        Assert.Equal([first.CommentId, second.CommentId], thread.Roots.Select(c => c.Id));
        var root = thread.Roots[0];
        Assert.Equal([reply1.CommentId, reply2.CommentId], root.Replies.Select(c => c.Id));
        Assert.Equal(nested.CommentId, root.Replies[0].Replies.Single().Id);
        Assert.Equal(3, root.Replies[0].Replies.Single().Depth);
        Assert.Equal("Bob", root.Replies[0].Replies.Single().ParentAuthorName);
        Assert.Equal([reply1.CommentId, nested.CommentId, reply2.CommentId], root.Descendants().Select(c => c.Id));
        Assert.Equal(5, thread.VisibleCount);
    }

    [Fact]
    public async Task Posting_bumps_the_transcripts_last_activity_also_for_tagging_threads()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var (transcriptId, taggingId) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var before = await db.Transcripts.Where(t => t.Id == transcriptId).Select(t => t.LastActivityAt).SingleAsync();

        var result = await Act(s => s.PostAsync(ThreadKey.ForTagging(taggingId), null, ada, "hello"));

        Assert.True(result.Ok);
        await using var check = database.CreateContext();
        var after = await check.Transcripts.Where(t => t.Id == transcriptId).Select(t => t.LastActivityAt).SingleAsync();
        Assert.True(after > before.AddDays(9), $"LastActivityAt {after:o} was not bumped from {before:o}");
    }

    [Fact]
    public async Task A_parent_from_another_thread_is_refused_and_nothing_is_stored()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var (transcriptId, taggingId) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var onTranscript = await Act(s => s.PostAsync(ThreadKey.ForTranscript(transcriptId), null, ada, "on the transcript"));

        var result = await Act(s => s.PostAsync(ThreadKey.ForTagging(taggingId), onTranscript.CommentId, ada, "misplaced reply"));

        Assert.Equal(DiscussionOutcome.Invalid, result.Outcome);
        Assert.Equal(1, await db.Comments.CountAsync());
    }

    [Fact]
    public async Task A_reply_racing_the_deletion_of_its_tagging_is_a_404_not_a_400()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var (_, taggingId) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var key = ThreadKey.ForTagging(taggingId);
        var first = await Act(s => s.PostAsync(key, null, ada, "first"));

        // The tagging (and by cascade the comment being replied to) goes away after the service has found the
        // tagging but before it reads the parent: the interleaving the concurrency test hit under load.
        var deleteFirst = new BeforeFirstCommand("FROM comments", () =>
        {
            using var other = database.CreateContext();
            other.Taggings.Where(t => t.Id == taggingId).ExecuteDelete();
        });
        await using var context = deleteFirst.CreateContext(database);

        var result = await Service(context).PostAsync(key, first.CommentId, ada, "reply");

        Assert.True(deleteFirst.Fired);
        Assert.Equal(DiscussionOutcome.NotFound, result.Outcome);
        Assert.False(await db.Comments.AnyAsync());
    }

    // By name, because test runners replace a lone surrogate in theory data before the test sees it.
    private static readonly Dictionary<string, string> BadBodies = new()
    {
        ["empty"] = "",
        ["whitespace"] = "   \n\t ",
        ["nul"] = "nul \0 inside",
        ["lone surrogate"] = "lone \ud800 surrogate",
    };

    [Theory]
    [InlineData("empty")]
    [InlineData("whitespace")]
    [InlineData("nul")]
    [InlineData("lone surrogate")]
    public async Task Unstorable_or_empty_bodies_are_refused_with_a_message(string kind)
    {
        var body = BadBodies[kind];
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var (transcriptId, _) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);

        var result = await Act(s => s.PostAsync(ThreadKey.ForTranscript(transcriptId), null, ada, body));

        Assert.Equal(DiscussionOutcome.Invalid, result.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.False(await db.Comments.AnyAsync());
    }

    [Fact]
    public async Task Body_of_exactly_the_limit_is_accepted_and_one_more_character_is_refused()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var (transcriptId, _) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var key = ThreadKey.ForTranscript(transcriptId);

        var ok = await Act(s => s.PostAsync(key, null, ada, new string('a', DiscussionService.MaxBodyLength)));
        var tooLong = await Act(s => s.PostAsync(key, null, ada, new string('a', DiscussionService.MaxBodyLength + 1)));

        Assert.True(ok.Ok);
        Assert.Equal(DiscussionOutcome.Invalid, tooLong.Outcome);
        Assert.Contains("10,000", tooLong.Message);
    }

    [Fact]
    public async Task Editing_keeps_the_previous_body_as_a_revision_for_moderators_only()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var bob = await DiscussionSeed.UserAsync(db, "Bob");
        var (transcriptId, _) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var key = ThreadKey.ForTranscript(transcriptId);
        var posted = await Act(s => s.PostAsync(key, null, ada, "first words"));

        var byOther = await Act(s => s.EditAsync(posted.CommentId, bob, "hijacked"));
        var edited = await Act(s => s.EditAsync(posted.CommentId, ada, "second words"));

        Assert.Equal(DiscussionOutcome.Forbidden, byOther.Outcome);
        Assert.True(edited.Ok);
        var asModerator = (await Act(s => s.LoadAsync(key, new DiscussionViewer(bob, true))))!.Roots.Single();
        Assert.Equal("second words", asModerator.Markdown);
        Assert.True(asModerator.IsEdited);
        Assert.Equal(["first words"], asModerator.Revisions.Select(r => r.Markdown));
        var asAuthor = (await Act(s => s.LoadAsync(key, new DiscussionViewer(ada, false))))!.Roots.Single();
        Assert.Empty(asAuthor.Revisions);
    }

    [Fact]
    public async Task Hide_and_lock_need_a_moderator_and_are_audited()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var mod = await DiscussionSeed.UserAsync(db, "Mod");
        var (_, taggingId) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var key = ThreadKey.ForTagging(taggingId);
        var posted = await Act(s => s.PostAsync(key, null, ada, "rude words"));
        var moderator = new DiscussionViewer(mod, true);

        Assert.Equal(DiscussionOutcome.Forbidden, (await Act(s => s.HideAsync(posted.CommentId, new DiscussionViewer(ada, false), "no"))).Outcome);
        Assert.Equal(DiscussionOutcome.Invalid, (await Act(s => s.HideAsync(posted.CommentId, moderator, "  "))).Outcome);
        Assert.True((await Act(s => s.HideAsync(posted.CommentId, moderator, "personal attack"))).Ok);
        Assert.True((await Act(s => s.UnhideAsync(posted.CommentId, moderator))).Ok);
        Assert.True((await Act(s => s.SetLockedAsync(key, moderator, true))).Ok);
        Assert.True((await Act(s => s.SetLockedAsync(key, moderator, false))).Ok);

        var actions = await db.AuditEntries.OrderBy(e => e.Id).Select(e => new { e.Action, e.ActorId, e.TargetType }).ToListAsync();
        Assert.Equal(["comment.hide", "comment.unhide", "thread.lock", "thread.unlock"], actions.Select(a => a.Action));
        Assert.All(actions, a => Assert.Equal(mod, a.ActorId));
        Assert.Equal("tagging", actions[2].TargetType);
    }

    [Fact]
    public async Task Counts_leave_out_deleted_and_hidden_comments_and_other_threads()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var (transcriptId, taggingId) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var (otherTranscript, otherTagging) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada, "Other");
        var tagging = ThreadKey.ForTagging(taggingId);
        await Act(s => s.PostAsync(tagging, null, ada, "one"));
        var deleted = await Act(s => s.PostAsync(tagging, null, ada, "two"));
        var hidden = await Act(s => s.PostAsync(tagging, null, ada, "three"));
        await Act(s => s.PostAsync(ThreadKey.ForTranscript(transcriptId), null, ada, "on transcript"));
        await Act(s => s.DeleteAsync(deleted.CommentId, ada));
        await Act(s => s.HideAsync(hidden.CommentId, new DiscussionViewer(ada, true), "spam"));

        var taggingCounts = await Act(s => s.CountsForTaggingsAsync([taggingId, otherTagging]));
        var transcriptCounts = await Act(s => s.CountsForTranscriptsAsync([transcriptId, otherTranscript]));

        Assert.Equal(new Dictionary<long, int> { [taggingId] = 1 }, taggingCounts);
        Assert.Equal(new Dictionary<long, int> { [transcriptId] = 1 }, transcriptCounts);
    }

    [Fact]
    public async Task Recent_lists_newest_visible_comments_first_with_thread_context_and_pages()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var (transcriptId, taggingId) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada, "AF sample 3");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var key = i % 2 == 0 ? ThreadKey.ForTagging(taggingId) : ThreadKey.ForTranscript(transcriptId);
            ids.Add((await Act(s => s.PostAsync(key, null, ada, $"comment {i}"))).CommentId);
        }
        await Act(s => s.DeleteAsync(ids[4], ada));

        var page1 = await Act(s => s.RecentAsync(1, 3));
        var page2 = await Act(s => s.RecentAsync(2, 3));

        Assert.Equal([ids[3], ids[2], ids[1]], page1.Items.Select(c => c.Id));
        Assert.True(page1.HasMore);
        Assert.Equal([ids[0]], page2.Items.Select(c => c.Id));
        Assert.False(page2.HasMore);
        var onTagging = page1.Items[1];
        Assert.True(onTagging.Thread.IsTagging);
        Assert.Equal("AF sample 3", onTagging.TranscriptTitle);
        Assert.Equal(transcriptId, onTagging.TranscriptId);
        Assert.StartsWith("goal guarding", onTagging.LabelName);
        Assert.Equal("AF sample 3", page1.Items[0].TranscriptTitle);
    }
}
