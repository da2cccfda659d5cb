using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Web.Api;

namespace TranscriptReader.Web.Pages;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(ILogger<ErrorModel> logger) : PageModel
{
    public string Heading { get; private set; } = "Something went wrong";
    public string Message { get; private set; } = "An unexpected error occurred. It has been logged.";
    public string? RequestId { get; private set; }

    public IActionResult OnGet() => Describe();
    public IActionResult OnPost() => Describe();

    private IActionResult Describe()
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        var error = HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Error;
        if (error is null)
        {
            // Visited directly, not re-executed for an exception: nothing went wrong, so there is no page here.
            return NotFound();
        }
        var (status, _) = ApiExceptionHandler.Classify(error);
        Response.StatusCode = status;
        if (status == 503)
        {
            Heading = "The database is unavailable";
            Message = "TranscriptReader cannot reach its database right now, so nothing was read or saved. "
                + "This is usually brief: try again in a moment.";
        }
        else if (status < 500)
        {
            Heading = "That request could not be understood";
            Message = "The request was malformed; nothing was changed.";
        }
        else
        {
            logger.LogError(error, "Unhandled error on {Path}", HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path);
        }
        return Page();
    }
}
