using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Web.Accounts;
using TranscriptReader.Web.Accounts.Mail;

namespace TranscriptReader.Web.Pages.Account;

/// <summary>
/// Asks for a reset link by email (only when mail is configured). The answer is the same whether or not the
/// address has an account; the lookup and the mail happen in <see cref="ResetMailQueue"/>, after the answer.
/// </summary>
public sealed class ForgotPasswordModel(
    IOptions<MailSettings> mail, ResetMailQueue queue, AccountThrottle throttle, UserManager<AppUser> users) : PageModel
{
    [BindProperty, Required, EmailAddress, StringLength(256)]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public IActionResult OnGet() => mail.Value.Enabled ? Page() : NotFound();

    public IActionResult OnPost()
    {
        if (!mail.Value.Enabled)
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var verdict = throttle.ResetMail(ClientAddress.Key(HttpContext), users.NormalizeEmail(Email.Trim()));
        if (!verdict.Allowed)
        {
            Response.Headers.RetryAfter = ((int)Math.Ceiling(verdict.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            ModelState.AddModelError("", $"Too many reset requests. Try again in {verdict.RetryText}.");
            return Page();
        }
        queue.Enqueue(Email.Trim());
        Sent = true;
        return Page();
    }
}
