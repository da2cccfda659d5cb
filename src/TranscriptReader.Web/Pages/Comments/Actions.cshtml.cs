using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Web.Accounts;

namespace TranscriptReader.Web.Pages.Comments;

/// <summary>Deleting one's own comment and the moderator actions (hide, unhide, lock, unlock) from the thread forms.</summary>
public sealed class ActionsModel(DiscussionService discussion) : PageModel
{
    public sealed class Input
    {
        public long? CommentId { get; set; }
        public long? TranscriptId { get; set; }
        public long? TaggingId { get; set; }
        public string? Reason { get; set; }
        public string? ReturnPath { get; set; }
    }

    [BindProperty]
    public Input Data { get; set; } = new();

    public string? Error { get; private set; }
    public string BackLink { get; private set; } = "/Discussion";

    public IActionResult OnGet() => RedirectToPage("/Discussion/Index");

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct) =>
        Finish(await discussion.DeleteAsync(Data.CommentId ?? 0, User.ToViewer().UserId!, ct), "Comment deleted.");

    public async Task<IActionResult> OnPostHideAsync(CancellationToken ct) =>
        Finish(await discussion.HideAsync(Data.CommentId ?? 0, User.ToViewer(), Data.Reason, ct), "Comment hidden.");

    public async Task<IActionResult> OnPostUnhideAsync(CancellationToken ct) =>
        Finish(await discussion.UnhideAsync(Data.CommentId ?? 0, User.ToViewer(), ct), "Comment visible again.");

    public async Task<IActionResult> OnPostLockAsync(CancellationToken ct) =>
        Finish(await discussion.SetLockedAsync(Thread, User.ToViewer(), true, ct), "Thread locked.");

    public async Task<IActionResult> OnPostUnlockAsync(CancellationToken ct) =>
        Finish(await discussion.SetLockedAsync(Thread, User.ToViewer(), false, ct), "Thread unlocked.");

    private ThreadKey Thread => new(Data.TranscriptId, Data.TaggingId);

    private IActionResult Finish(DiscussionResult result, string flash)
    {
        if (result.Ok)
        {
            TempData["Flash"] = flash;
            return Redirect(CommentRedirects.Target(Data.ReturnPath, result.Thread, result.CommentId));
        }
        Error = result.Message;
        if (CommentRedirects.IsLocalPath(Data.ReturnPath))
        {
            BackLink = Data.ReturnPath!;
        }
        Response.StatusCode = result.Outcome switch
        {
            DiscussionOutcome.NotFound => StatusCodes.Status404NotFound,
            DiscussionOutcome.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }
}
