using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Pages.Discussion;

/// <summary>Deleting one's own comment and the moderator actions (hide, unhide, lock, unlock) from the thread forms.</summary>
public sealed class ActionsModel(CommentWriter writer, Moderation moderation) : PageModel
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

    public string BackLink { get; private set; } = "/Discussion";

    public IActionResult OnGet() => RedirectToPage("/Discussion/Index");

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct) =>
        Finish(await writer.DeleteAsync(Data.CommentId ?? 0, User.ToViewer().UserId!, ct), "Comment deleted.");

    public async Task<IActionResult> OnPostHideAsync(CancellationToken ct) =>
        Finish(await moderation.HideAsync(Data.CommentId ?? 0, User.ToViewer(), Data.Reason, ct), "Comment hidden.");

    public async Task<IActionResult> OnPostUnhideAsync(CancellationToken ct) =>
        Finish(await moderation.UnhideAsync(Data.CommentId ?? 0, User.ToViewer(), ct), "Comment visible again.");

    public async Task<IActionResult> OnPostLockAsync(CancellationToken ct) =>
        Finish(await moderation.SetLockedAsync(Thread, User.ToViewer(), true, ct), "Thread locked.");

    public async Task<IActionResult> OnPostUnlockAsync(CancellationToken ct) =>
        Finish(await moderation.SetLockedAsync(Thread, User.ToViewer(), false, ct), "Thread unlocked.");

    private ThreadKey Thread => new(Data.TranscriptId, Data.TaggingId);

    // A thread action has no comment: id 0 sends the reader to the thread's #discussion anchor.
    private IActionResult Finish(Outcome<ThreadKey> result, string flash) =>
        Finish(result.TryGet(out var thread, out var failure) ? Outcome<CommentRef>.Success(new(0, thread)) : Outcome<CommentRef>.Fail(failure), flash);

    private IActionResult Finish(Outcome<CommentRef> result, string flash)
    {
        if (result.TryGet(out var comment, out var failure))
        {
            TempData["Flash"] = flash;
            return Redirect(CommentRedirects.Target(Data.ReturnPath, comment.Thread, comment.Id));
        }
        if (CommentRedirects.IsLocalPath(Data.ReturnPath))
        {
            BackLink = Data.ReturnPath!;
        }
        return this.ShowOnPage(failure);
    }
}
