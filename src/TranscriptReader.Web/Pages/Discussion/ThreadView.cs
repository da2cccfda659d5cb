using TranscriptReader.Core.Discussion;

namespace TranscriptReader.Web.Pages.Discussion;

/// <summary>What _Thread.cshtml needs: the thread, who reads it, and where its forms come back to.</summary>
/// <param name="Thread">The thread as this viewer may see it.</param>
/// <param name="Viewer">Who reads: decides which forms appear.</param>
/// <param name="QuoteMarkdown">For tagging threads: the passage as a Markdown block quote, for "quote this passage".</param>
/// <param name="Draft">Pre-filled text of the new-comment form (the no-JS "quote this passage" link).</param>
/// <param name="ReturnPath">The page the forms return to (with #comment-N appended).</param>
public sealed record ThreadView(DiscussionThread Thread, DiscussionViewer Viewer, string? QuoteMarkdown, string? Draft, string ReturnPath)
{
    /// <summary>Replies indent up to this depth; deeper ones are listed flat with "replying to @name".</summary>
    public const int MaxIndent = 6;

    /// <summary>Where "log in to join" comes back to, when not <see cref="ReturnPath"/> (the sidebar fragment returns its forms to itself).</summary>
    public string? LoginReturnPath { get; init; }

    public bool SignedIn => Viewer.UserId is not null;
}

public sealed record CommentItem(CommentView Comment, ThreadView Thread, bool Flat);
