using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Web.Outcomes;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Pages.Discussion;

/// <summary>
/// Posting and editing comments from the thread forms. A page of its own because the per-user rate
/// limit applies to a whole page: on the thread pages it would also limit reading.
/// On success it redirects to the new comment's anchor; on failure it shows the message and keeps the text.
/// </summary>
[EnableRateLimiting(RateLimitSetup.Comments)]
public sealed class WriteModel(CommentWriter writer, ThreadReader threads) : PageModel
{
    public sealed class Input
    {
        public long? CommentId { get; set; }
        public long? TranscriptId { get; set; }
        public long? TaggingId { get; set; }
        public long? ParentId { get; set; }
        public string? Body { get; set; }
        public string? ReturnPath { get; set; }
    }

    [BindProperty]
    public Input Data { get; set; } = new();

    public string? BackLink { get; private set; }
    public bool IsEdit { get; private set; }

    public IActionResult OnGet() => RedirectToPage("/Discussion/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var key = new ThreadKey(Data.TranscriptId, Data.TaggingId);
        return Finish(await writer.PostAsync(key, Data.ParentId, UserId, Data.Body, ct), key);
    }

    public async Task<IActionResult> OnPostEditAsync(CancellationToken ct)
    {
        IsEdit = true;
        var result = await writer.EditAsync(Data.CommentId ?? 0, UserId, Data.Body, ct);
        var key = result.Ok ? result.Value.Thread : await threads.FindThreadOfCommentAsync(Data.CommentId ?? 0, ct) ?? default;
        return Finish(result, key);
    }

    private string UserId => User.ToViewer().UserId!;

    private IActionResult Finish(Outcome<CommentRef> result, ThreadKey key)
    {
        if (result.TryGet(out var comment, out var failure))
        {
            return Redirect(CommentRedirects.Target(Data.ReturnPath, comment.Thread, comment.Id));
        }
        BackLink = CommentRedirects.IsLocalPath(Data.ReturnPath) ? Data.ReturnPath
            : key.TranscriptId is not null || key.TaggingId is not null ? key.PagePath : "/Discussion";
        // Also for a thread that vanished or a refusal: the reader's text must survive on this page.
        return this.ShowOnPage(failure);
    }
}
