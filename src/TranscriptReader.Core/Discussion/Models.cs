using TranscriptReader.Core.Paging;

namespace TranscriptReader.Core.Discussion;

/// <summary>Names a thread: the discussion of a whole transcript or of one tagging (exactly one is set).</summary>
public readonly record struct ThreadKey(long? TranscriptId, long? TaggingId)
{
    public static ThreadKey ForTranscript(long id) => new(id, null);
    public static ThreadKey ForTagging(long id) => new(null, id);

    public bool IsTagging => TaggingId is not null;

    /// <summary>The thread's page: the tagging page or the transcript's discussion page.</summary>
    public string PagePath => IsTagging ? $"/Taggings/{TaggingId}" : $"/Transcripts/{TranscriptId}/Discussion";

    public string PermalinkTo(long commentId) => $"{PagePath}#comment-{commentId}";
}

/// <summary>Who is reading or acting: decides what hidden comments and revisions they may see.</summary>
public sealed record DiscussionViewer(string? UserId, bool IsModerator)
{
    public static readonly DiscussionViewer Anonymous = new(null, false);
}

/// <summary>A comment that a write stored or changed, and the thread it belongs to (for the redirect to its anchor).</summary>
public readonly record struct CommentRef(long Id, ThreadKey Thread);

public sealed record CommentRevisionView(DateTimeOffset RevisedAt, string Markdown);

/// <summary>One comment as a given viewer may see it, with its replies (oldest first).</summary>
public sealed class CommentView
{
    /// <summary>What a deleted comment shows instead of its body.</summary>
    public const string DeletedText = "[deleted]";

    public long Id { get; init; }
    public long? ParentId { get; init; }
    public required string AuthorId { get; init; }
    public required string AuthorName { get; init; }
    /// <summary>Author of the comment this one replies to; shown where nesting is flattened.</summary>
    public string? ParentAuthorName { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? EditedAt { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }
    public DateTimeOffset? HiddenAt { get; init; }
    /// <summary>Only filled in for viewers who may see the hidden comment (moderators and the author).</summary>
    public string? HiddenReason { get; init; }
    /// <summary>False when deleted, or hidden from this viewer: then Markdown is null and Html empty.</summary>
    public bool BodyVisible { get; init; }
    public string? Markdown { get; init; }
    /// <summary>SafeMarkdown output: the only HTML of a comment that may be written unencoded.</summary>
    public string Html { get; init; } = "";
    public bool IsOwn { get; init; }
    /// <summary>1 for a top-level comment.</summary>
    public int Depth { get; set; }
    public List<CommentView> Replies { get; } = [];
    /// <summary>Previous bodies, newest first; only loaded for moderators.</summary>
    public List<CommentRevisionView> Revisions { get; } = [];

    public bool IsDeleted => DeletedAt is not null;
    public bool IsHidden => HiddenAt is not null;
    public bool IsEdited => EditedAt is not null;

    /// <summary>All descendants in reading order (depth-first, oldest first), without recursion.</summary>
    public IEnumerable<CommentView> Descendants()
    {
        var stack = new Stack<CommentView>();
        for (var i = Replies.Count - 1; i >= 0; i--)
        {
            stack.Push(Replies[i]);
        }
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            for (var i = node.Replies.Count - 1; i >= 0; i--)
            {
                stack.Push(node.Replies[i]);
            }
        }
    }
}

/// <summary>A whole thread as one viewer sees it.</summary>
public sealed class DiscussionThread
{
    public required ThreadKey Key { get; init; }
    public long TranscriptId { get; init; }
    public required string TranscriptTitle { get; init; }
    public bool Locked { get; init; }
    public List<CommentView> Roots { get; } = [];
    public Dictionary<long, CommentView> ById { get; } = [];
    /// <summary>Comments that are neither deleted nor hidden, as counted everywhere else.</summary>
    public int VisibleCount { get; init; }
}

/// <summary>What a tagging thread shows above its comments.</summary>
public sealed record TaggingContext(
    long TaggingId, long TranscriptId, string TranscriptTitle, string LabelName, string LabelColor,
    string Quote, string AppliedByName, DateTimeOffset AppliedAt, bool CommentsLocked);

public sealed record RecentComment(
    long Id, ThreadKey Thread, long TranscriptId, string TranscriptTitle, string? LabelName, string? Quote,
    string AuthorName, DateTimeOffset CreatedAt, bool IsReply, string Html);

/// <summary>One page of the recent-comments feed.</summary>
/// <param name="Items">The comments, newest first.</param>
/// <param name="Page">The page number when it is known (the first page, or a page asked for by number); null on keyset pages.</param>
/// <param name="PageSize">Comments per page.</param>
/// <param name="Older">Where the next older page starts (<c>?before=</c>); null on the last page.</param>
/// <param name="Newer">Where the next newer page ends (<c>?after=</c>); null on the first page.</param>
/// <param name="HasNewer">Newer comments exist (also when this page is empty and so has no <paramref name="Newer"/> cursor).</param>
public sealed record RecentCommentsPage(IReadOnlyList<RecentComment> Items, int? Page, int PageSize, FeedCursor? Older, FeedCursor? Newer, bool HasNewer)
{
    public bool HasMore => Older is not null;
}
