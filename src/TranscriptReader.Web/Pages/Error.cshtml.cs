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

    public void OnGet() => Describe();
    public void OnPost() => Describe();

    private void Describe()
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        var error = HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Error;
        var (status, _) = error is null ? (500, "") : ApiExceptionHandler.Classify(error);
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
        else if (error is not null)
        {
            logger.LogError(error, "Unhandled error on {Path}", HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path);
        }
    }
}
