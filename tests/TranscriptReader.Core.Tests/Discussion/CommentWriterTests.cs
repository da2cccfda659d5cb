using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Tests.Support;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Discussion;

[Collection(DatabaseCollection.Name)]
public sealed class CommentWriterTests(TestDatabase database) : IAsyncLifetime
{
    private AppDbContext db = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        db = database.CreateContext();
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private Task<T> Act<T>(Func<DiscussionScope, Task<T>> action) => DiscussionScope.ActAsync(database, action);

    private Task<Outcome<CommentRef>> PostAsync(ThreadKey key, long? parentId, string userId, string body) =>
        Act(s => s.Writer.PostAsync(key, parentId, userId, body));

    [Fact]
    public async Task Posting_bumps_the_transcripts_last_activity_also_for_tagging_threads()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var (transcriptId, taggingId) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var before = await db.Transcripts.Where(t => t.Id == transcriptId).Select(t => t.LastActivityAt).SingleAsync();

        var result = await PostAsync(ThreadKey.ForTagging(taggingId), null, ada, "hello");

        Assert.True(result.Ok);
        Assert.Equal(ThreadKey.ForTagging(taggingId), result.Value.Thread);
        await using var check = database.CreateContext();
        var after = await check.Transcripts.Where(t => t.Id == transcriptId).Select(t => t.LastActivityAt).SingleAsync();
        Assert.True(after > before.AddDays(9), $"LastActivityAt {after:o} was not bumped from {before:o}");
    }

    [Fact]
    public async Task A_parent_from_another_thread_is_refused_and_nothing_is_stored()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var (transcriptId, taggingId) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var onTranscript = (await PostAsync(ThreadKey.ForTranscript(transcriptId), null, ada, "on the transcript")).Value.Id;

        var result = await PostAsync(ThreadKey.ForTagging(taggingId), onTranscript, ada, "misplaced reply");

        Assert.Equal(FailureKind.Invalid, result.Failure?.Kind);
        Assert.Equal(1, await db.Comments.CountAsync());
    }

    [Fact]
    public async Task A_reply_racing_the_deletion_of_its_tagging_is_a_404_not_a_400()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var (_, taggingId) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var key = ThreadKey.ForTagging(taggingId);
        var first = (await PostAsync(key, null, ada, "first")).Value.Id;

        // The tagging (and by cascade the comment being replied to) goes away after the service has found the
        // tagging but before it reads the parent: the interleaving the concurrency test hit under load.
        var deleteFirst = new BeforeFirstCommand("FROM comments", () =>
        {
            using var other = database.CreateContext();
            other.Taggings.Where(t => t.Id == taggingId).ExecuteDelete();
        });
        await using var context = deleteFirst.CreateContext(database);

        var result = await DiscussionScope.On(context).Writer.PostAsync(key, first, ada, "reply");

        Assert.True(deleteFirst.Fired);
        Assert.Equal(FailureKind.NotFound, result.Failure?.Kind);
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

        var result = await PostAsync(ThreadKey.ForTranscript(transcriptId), null, ada, body);

        Assert.Equal(FailureKind.Invalid, result.Failure?.Kind);
        Assert.False(string.IsNullOrWhiteSpace(result.Failure!.Message));
        Assert.False(await db.Comments.AnyAsync());
    }

    [Fact]
    public async Task Body_of_exactly_the_limit_is_accepted_and_one_more_character_is_refused()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var (transcriptId, _) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var key = ThreadKey.ForTranscript(transcriptId);

        var ok = await PostAsync(key, null, ada, new string('a', CommentWriter.MaxBodyLength));
        var tooLong = await PostAsync(key, null, ada, new string('a', CommentWriter.MaxBodyLength + 1));

        Assert.True(ok.Ok);
        Assert.Equal(FailureKind.Invalid, tooLong.Failure?.Kind);
        Assert.Contains("10,000", tooLong.Failure!.Message);
    }

    [Fact]
    public async Task Editing_keeps_the_previous_body_as_a_revision_for_moderators_only()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var bob = await DiscussionSeed.UserAsync(db, "Bob");
        var (transcriptId, _) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var key = ThreadKey.ForTranscript(transcriptId);
        var posted = (await PostAsync(key, null, ada, "first words")).Value.Id;

        var byOther = await Act(s => s.Writer.EditAsync(posted, bob, "hijacked"));
        var edited = await Act(s => s.Writer.EditAsync(posted, ada, "second words"));

        Assert.Equal(FailureKind.Forbidden, byOther.Failure?.Kind);
        Assert.True(edited.Ok);
        var asModerator = (await Act(s => s.Threads.LoadAsync(key, new DiscussionViewer(bob, true))))!.Roots.Single();
        Assert.Equal("second words", asModerator.Markdown);
        Assert.True(asModerator.IsEdited);
        Assert.Equal(["first words"], asModerator.Revisions.Select(r => r.Markdown));
        var asAuthor = (await Act(s => s.Threads.LoadAsync(key, new DiscussionViewer(ada, false))))!.Roots.Single();
        Assert.Empty(asAuthor.Revisions);
    }

    [Fact]
    public async Task A_locked_thread_refuses_new_comments_and_edits_as_a_conflict_but_allows_deleting()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var (_, taggingId) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var key = ThreadKey.ForTagging(taggingId);
        var posted = (await PostAsync(key, null, ada, "before the lock")).Value.Id;
        Assert.True((await Act(s => s.Moderation.SetLockedAsync(key, new DiscussionViewer(ada, true), true))).Ok);

        var post = await PostAsync(key, null, ada, "after the lock");
        var edit = await Act(s => s.Writer.EditAsync(posted, ada, "changed after the lock"));
        var delete = await Act(s => s.Writer.DeleteAsync(posted, ada));

        Assert.Equal(FailureKind.Conflict, post.Failure?.Kind);
        Assert.Contains("locked", post.Failure!.Message);
        Assert.Equal(FailureKind.Conflict, edit.Failure?.Kind);
        Assert.True(delete.Ok);
        var stored = await db.Comments.AsNoTracking().SingleAsync();
        Assert.Equal(("before the lock", true), (stored.Body, stored.DeletedAt is not null));
    }

    [Fact]
    public async Task An_edit_racing_the_deletion_of_its_tagging_is_a_404_not_a_locked_thread()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var (_, taggingId) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var posted = (await PostAsync(ThreadKey.ForTagging(taggingId), null, ada, "first words")).Value.Id;

        // The tagging (and by cascade the comment) goes away after the edit has read the comment, before it
        // looks up the thread: the comment was found, the thread is gone.
        var deleteFirst = new BeforeFirstCommand("FROM taggings", () =>
        {
            using var other = database.CreateContext();
            other.Taggings.Where(t => t.Id == taggingId).ExecuteDelete();
        });
        await using var context = deleteFirst.CreateContext(database);

        var result = await DiscussionScope.On(context).Writer.EditAsync(posted, ada, "second words");

        Assert.True(deleteFirst.Fired);
        Assert.Equal(FailureKind.NotFound, result.Failure?.Kind);
        Assert.False(await db.Comments.AnyAsync());
    }
}
