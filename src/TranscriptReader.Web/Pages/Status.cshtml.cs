using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Web.Text;

namespace TranscriptReader.Web.Pages;

/// <summary>The page shown for 4xx/5xx status codes that carry no body of their own.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Heading { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int code) => Describe(code);
    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Heading, Message) = code switch
        {
            400 => ("Bad request", HttpContext.Items[TextGuard.RefusalItem] as string is { } refusal
                ? refusal + " Nothing was changed."
                : "The request was malformed; nothing was changed."),
            403 => ("Not allowed", "Your account does not have permission for this."),
            404 => ("Not found", "There is nothing at this address. It may have been deleted or merged."),
            413 => ("Too large", "The upload is larger than this instance accepts."),
            429 => ("Slow down", "Too many requests in a short time. Wait a minute and try again."),
            503 => ("Temporarily unavailable", "TranscriptReader cannot serve this right now. Try again in a moment."),
            _ => ($"Error {code}", "The request could not be completed."),
        };
    }
}
