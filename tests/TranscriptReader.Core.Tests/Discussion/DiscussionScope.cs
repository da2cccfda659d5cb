using Microsoft.Extensions.Logging.Abstractions;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Rendering;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Discussion;

/// <summary>The discussion services on one context, as one request of the app gets them.</summary>
internal sealed record DiscussionScope(ThreadReader Threads, CommentWriter Writer, Moderation Moderation, DiscussionCounts Counts)
{
    public static DiscussionScope On(AppDbContext db) => new(
        new ThreadReader(db, new MarkdownCache(SafeMarkdown.Instance)),
        new CommentWriter(db, TimeProvider.System, NullLogger<CommentWriter>.Instance),
        new Moderation(db, new AuditLog(db, TimeProvider.System), TimeProvider.System),
        new DiscussionCounts(db));

    /// <summary>Runs <paramref name="action"/> on a fresh context, as in the app (one scope per request).</summary>
    public static async Task<T> ActAsync<T>(TestDatabase database, Func<DiscussionScope, Task<T>> action)
    {
        await using var context = database.CreateContext();
        return await action(On(context));
    }
}
