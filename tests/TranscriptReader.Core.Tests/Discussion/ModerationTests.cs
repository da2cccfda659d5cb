using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Tests.Support;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Discussion;

[Collection(DatabaseCollection.Name)]
public sealed class ModerationTests(TestDatabase database) : IAsyncLifetime
{
    private AppDbContext db = null!;
    private string ada = "";
    private DiscussionViewer moderator = null!;
    private ThreadKey key;
    private long commentId;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        db = database.CreateContext();
        ada = await DiscussionSeed.UserAsync(db, "Ada");
        moderator = new DiscussionViewer(await DiscussionSeed.UserAsync(db, "Mod"), true);
        var (_, taggingId) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        key = ThreadKey.ForTagging(taggingId);
        commentId = (await Act(s => s.Writer.PostAsync(key, null, ada, "rude words"))).Value.Id;
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private Task<T> Act<T>(Func<DiscussionScope, Task<T>> action) => DiscussionScope.ActAsync(database, action);

    [Fact]
    public async Task Hide_and_lock_need_a_moderator_and_are_audited()
    {
        Assert.Equal(FailureKind.Forbidden, (await Act(s => s.Moderation.HideAsync(commentId, new DiscussionViewer(ada, false), "no"))).Failure?.Kind);
        Assert.Equal(FailureKind.Invalid, (await Act(s => s.Moderation.HideAsync(commentId, moderator, "  "))).Failure?.Kind);
        Assert.True((await Act(s => s.Moderation.HideAsync(commentId, moderator, "personal attack"))).Ok);
        Assert.True((await Act(s => s.Moderation.UnhideAsync(commentId, moderator))).Ok);
        Assert.True((await Act(s => s.Moderation.SetLockedAsync(key, moderator, true))).Ok);
        Assert.True((await Act(s => s.Moderation.SetLockedAsync(key, moderator, false))).Ok);

        var actions = await db.AuditEntries.OrderBy(e => e.Id).Select(e => new { e.Action, e.ActorId, e.TargetType }).ToListAsync();
        Assert.Equal(["comment.hide", "comment.unhide", "thread.lock", "thread.unlock"], actions.Select(a => a.Action));
        Assert.All(actions, a => Assert.Equal(moderator.UserId, a.ActorId));
        Assert.Equal("tagging", actions[2].TargetType);
    }

    [Fact]
    public async Task Hiding_stores_the_hidden_comment_and_its_audit_entry_in_one_save()
    {
        var saves = new SaveRecorder();
        await using (var context = saves.CreateContext(database))
        {
            Assert.True((await DiscussionScope.On(context).Moderation.HideAsync(commentId, moderator, "personal attack")).Ok);
        }

        var save = Assert.Single(saves.Saves);
        Assert.True(save.Succeeded);
        Assert.Equal(["AuditEntry Added", "Comment Modified"], save.Entries);
        await using var check = database.CreateContext();
        var comment = await check.Comments.SingleAsync();
        Assert.Equal(("personal attack", moderator.UserId), (comment.HiddenReason, comment.HiddenById));
        Assert.NotNull(comment.HiddenAt);
        var entry = await check.AuditEntries.SingleAsync();
        Assert.Equal(("comment.hide", commentId.ToString(CultureInfo.InvariantCulture)), (entry.Action, entry.TargetId));
    }

    [Fact]
    public async Task Locking_stores_the_lock_and_its_audit_entry_in_one_save()
    {
        var saves = new SaveRecorder();
        await using (var context = saves.CreateContext(database))
        {
            Assert.True((await DiscussionScope.On(context).Moderation.SetLockedAsync(key, moderator, true)).Ok);
        }

        var save = Assert.Single(saves.Saves);
        Assert.True(save.Succeeded);
        Assert.Equal(["AuditEntry Added", "Tagging Modified"], save.Entries);
        await using var check = database.CreateContext();
        Assert.True(await check.Taggings.Where(t => t.Id == key.TaggingId).Select(t => t.CommentsLocked).SingleAsync());
        Assert.Equal("thread.lock", (await check.AuditEntries.SingleAsync()).Action);
    }

    [Fact]
    public async Task When_the_audit_entry_cannot_be_stored_the_comment_stays_visible()
    {
        var failing = new BeforeFirstCommand("INSERT INTO audit_entries", () => throw new InvalidOperationException("audit store refused"));
        await using (var context = failing.CreateContext(database))
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => DiscussionScope.On(context).Moderation.HideAsync(commentId, moderator, "spam"));
            Assert.Contains("audit store refused", refused.ToString());
        }

        Assert.True(failing.Fired);
        await using var check = database.CreateContext();
        Assert.Null((await check.Comments.SingleAsync()).HiddenAt);
        Assert.False(await check.AuditEntries.AnyAsync());
    }
}
