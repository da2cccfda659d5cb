using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Web.Outcomes;

/// <summary>
/// The one mapping from a Core <see cref="Failure"/> to a Razor Page answer: a mistake the reader can fix
/// (invalid, conflict, unprocessable, a used-up quota) re-shows the form with the message and the status an API caller would get; a missing
/// subject is the 404 page; a refusal is 403.
/// </summary>
public static class OutcomePages
{
    /// <summary>
    /// Adds the failure's message to the page's model state (under <paramref name="field"/>, or the whole form)
    /// and answers the page again, or the status page for not found / forbidden.
    /// </summary>
    public static IActionResult Show(this PageModel page, Failure failure, string field = "")
    {
        switch (failure.Kind)
        {
            case FailureKind.NotFound:
                return page.NotFound();
            case FailureKind.Forbidden:
                return new StatusCodeResult(StatusCodes.Status403Forbidden);
            default:
                page.ModelState.AddModelError(field, failure.Message);
                page.Response.StatusCode = OutcomeHttp.StatusOf(failure.Kind);
                return page.Page();
        }
    }

    /// <summary>
    /// Like <see cref="Show"/>, but answers the page itself for every kind (with the same status): for a page
    /// whose only job is to report a failed form post and keep what the person typed (the comment forms),
    /// where the generic 404 or 403 page would lose both the message and the text.
    /// </summary>
    public static IActionResult ShowOnPage(this PageModel page, Failure failure, string field = "")
    {
        page.ModelState.AddModelError(field, failure.Message);
        page.Response.StatusCode = OutcomeHttp.StatusOf(failure.Kind);
        return page.Page();
    }
}
