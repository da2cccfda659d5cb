using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Agreement;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Pages.Agreement;

/// <summary>
/// A reader's done mark on one transcript: the page says whether their reading is done; the two handlers mark
/// and undo it and return to where the form was (the transcript list, the transcript page).
/// </summary>
public sealed class DoneModel(DoneMarks marks) : PageModel
{
    public DoneState? State { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        State = await marks.StateAsync(User.FindFirstValue(ClaimTypes.NameIdentifier), id, ct);
        return State is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnPostMarkAsync(long id, string? returnUrl, CancellationToken ct) =>
        AfterAsync(marks.MarkAsync(UserId, id, ct), "Marked done: passages you did not tag now count as “not this label”.", returnUrl);

    public Task<IActionResult> OnPostUndoAsync(long id, string? returnUrl, CancellationToken ct) =>
        AfterAsync(marks.UndoAsync(UserId, id, ct), "Your reading is no longer marked done.", returnUrl);

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private async Task<IActionResult> AfterAsync(Task<Core.Outcomes.Outcome<DoneState>> action, string message, string? returnUrl)
    {
        if (!(await action).TryGet(out var state, out var failure))
        {
            return this.Show(failure);
        }
        TempData["Flash"] = message;
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage("Done", new { id = state.TranscriptId });
    }
}
