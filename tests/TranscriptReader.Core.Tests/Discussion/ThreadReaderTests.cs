using TranscriptReader.Core.Data;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Discussion;

[Collection(DatabaseCollection.Name)]
public sealed class ThreadReaderTests(TestDatabase database) : IAsyncLifetime
{
    private AppDbContext db = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        db = database.CreateContext();
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private Task<T> Act<T>(Func<DiscussionScope, Task<T>> action) => DiscussionScope.ActAsync(database, action);

    private Task<long> PostAsync(ThreadKey key, long? parentId, string userId, string body) =>
        Act(async s => (await s.Writer.PostAsync(key, parentId, userId, body)).Value.Id);

    [Fact]
    public async Task Thread_is_a_tree_oldest_first_within_each_level_with_depths()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var bob = await DiscussionSeed.UserAsync(db, "Bob");
        var (_, taggingId) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var key = ThreadKey.ForTagging(taggingId);

        var first = await PostAsync(key, null, ada, "first");
        var second = await PostAsync(key, null, bob, "second");
        var reply1 = await PostAsync(key, first, bob, "reply one");
        var reply2 = await PostAsync(key, first, ada, "reply two");
        var nested = await PostAsync(key, reply1, ada, "nested");

        var thread = (await Act(s => s.Threads.LoadAsync(key, DiscussionViewer.Anonymous)))!;
        Assert.Equal([first, second], thread.Roots.Select(c => c.Id));
        var root = thread.Roots[0];
        Assert.Equal([reply1, reply2], root.Replies.Select(c => c.Id));
        Assert.Equal(nested, root.Replies[0].Replies.Single().Id);
        Assert.Equal(3, root.Replies[0].Replies.Single().Depth);
        Assert.Equal("Bob", root.Replies[0].Replies.Single().ParentAuthorName);
        Assert.Equal([reply1, nested, reply2], root.Descendants().Select(c => c.Id));
        Assert.Equal(5, thread.VisibleCount);
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
            ids.Add(await PostAsync(key, null, ada, $"comment {i}"));
        }
        await Act(s => s.Writer.DeleteAsync(ids[4], ada));

        var page1 = await Act(s => s.Threads.RecentAsync(1, 3));
        var page2 = await Act(s => s.Threads.RecentAsync(2, 3));

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
