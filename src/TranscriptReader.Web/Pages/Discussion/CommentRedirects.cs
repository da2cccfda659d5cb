using TranscriptReader.Core.Discussion;

namespace TranscriptReader.Web.Pages.Discussion;

/// <summary>Where a comment form goes back to: the page it came from (if local) or the thread page, at the comment's anchor.</summary>
public static class CommentRedirects
{
    public static string Target(string? returnPath, ThreadKey thread, long commentId)
    {
        var anchor = commentId > 0 ? $"#comment-{commentId}" : "#discussion";
        if (IsLocalPath(returnPath))
        {
            var path = returnPath!;
            var hash = path.IndexOf('#', StringComparison.Ordinal);
            return (hash >= 0 ? path[..hash] : path) + anchor;
        }
        return thread.PagePath + anchor;
    }

    /// <summary>Only "/path" on this site: not "//host", not "/\host", not absolute URLs.</summary>
    public static bool IsLocalPath(string? path) =>
        !string.IsNullOrEmpty(path) && path[0] == '/' && (path.Length == 1 || (path[1] != '/' && path[1] != '\\'))
        && !path.Any(char.IsControl);
}
