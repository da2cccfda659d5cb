using TranscriptReader.Core.Data;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Discussion;

[Collection(DatabaseCollection.Name)]
public sealed class DiscussionCountsTests(TestDatabase database) : IAsyncLifetime
{
    private AppDbContext db = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        db = database.CreateContext();
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private Task<T> Act<T>(Func<DiscussionScope, Task<T>> action) => DiscussionScope.ActAsync(database, action);

    [Fact]
    public async Task Counts_leave_out_deleted_and_hidden_comments_and_other_threads()
    {
        var ada = await DiscussionSeed.UserAsync(db, "Ada");
        var (transcriptId, taggingId) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada);
        var (otherTranscript, otherTagging) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada, "Other");
        var tagging = ThreadKey.ForTagging(taggingId);
        await Act(s => s.Writer.PostAsync(tagging, null, ada, "one"));
        var deleted = (await Act(s => s.Writer.PostAsync(tagging, null, ada, "two"))).Value.Id;
        var hidden = (await Act(s => s.Writer.PostAsync(tagging, null, ada, "three"))).Value.Id;
        await Act(s => s.Writer.PostAsync(ThreadKey.ForTranscript(transcriptId), null, ada, "on transcript"));
        await Act(s => s.Writer.DeleteAsync(deleted, ada));
        await Act(s => s.Moderation.HideAsync(hidden, new DiscussionViewer(ada, true), "spam"));

        var taggingCounts = await Act(s => s.Counts.CountsForTaggingsAsync([taggingId, otherTagging]));
        var transcriptCounts = await Act(s => s.Counts.CountsForTranscriptsAsync([transcriptId, otherTranscript]));
        var onTaggings = await Act(s => s.Counts.CountsOnTaggingsOfTranscriptsAsync([transcriptId, otherTranscript]));

        Assert.Equal(new Dictionary<long, int> { [taggingId] = 1 }, taggingCounts);
        Assert.Equal(new Dictionary<long, int> { [transcriptId] = 1 }, transcriptCounts);
        Assert.Equal(new Dictionary<long, int> { [transcriptId] = 1 }, onTaggings);
    }
}
