using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Web.Accounts;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Pages.Account;

/// <summary>
/// Registration under the instance's rule (open, by invitation, closed); the first account of an empty instance
/// needs no invitation and becomes admin. Registrations are throttled per client address.
/// </summary>
public sealed class RegisterModel(
    AccountService accounts, Core.Accounts.Invitations invitations, AccessPolicyCache access, AccountThrottle throttle,
    SignInManager<AppUser> signIn, ILogger<RegisterModel> logger) : PageModel
{
    public sealed class Input
    {
        [Required, EmailAddress, StringLength(256)]
        public string Email { get; set; } = "";

        [Required, StringLength(50, MinimumLength = 2), Display(Name = "Display name")]
        public string DisplayName { get; set; } = "";

        [Required, StringLength(200, MinimumLength = 10)]
        public string Password { get; set; } = "";

        [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
        public string ConfirmPassword { get; set; } = "";
    }

    [BindProperty]
    public Input Data { get; set; } = new();

    /// <summary>The invite link's secret, from <c>?invite=</c> and then a hidden field.</summary>
    [BindProperty(SupportsGet = true, Name = "invite")]
    public string? Invite { get; set; }

    public string? ReturnUrl { get; private set; }
    public bool IsFirstAccount { get; private set; }
    public Registration Rule { get; private set; }
    /// <summary>The role the invite grants, when there is a usable invite.</summary>
    public string? InvitedRole { get; private set; }
    /// <summary>Why the form is not offered (closed, invitation needed, bad link); null when it is.</summary>
    public string? Refusal { get; private set; }

    public async Task OnGetAsync(string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = returnUrl;
        await DecideAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = returnUrl;
        var verdict = throttle.Registration(ClientAddress.Key(HttpContext));
        if (!verdict.Allowed)
        {
            Response.Headers.RetryAfter = ((int)Math.Ceiling(verdict.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            ModelState.AddModelError("", $"Too many new accounts from your address. Try again in {verdict.RetryText}.");
            await DecideAsync(ct);
            return Page();
        }
        if (!ModelState.IsValid)
        {
            await DecideAsync(ct);
            return Page();
        }
        var outcome = await accounts.RegisterAsync(
            new RegistrationRequest(Data.Email, Data.DisplayName, Data.Password, Invite), (await access.GetAsync(ct)).Registration, ct);
        if (!outcome.TryGet(out var user, out var failure))
        {
            await DecideAsync(ct);
            foreach (var line in failure.Message.Split('\n'))
            {
                ModelState.AddModelError("", line);
            }
            Response.StatusCode = OutcomeHttp.StatusOf(failure.Kind);
            return Page();
        }
        logger.LogInformation("Registered user {UserId}", user.Id);
        await signIn.SignInAsync(user, isPersistent: false);
        TempData["Flash"] = $"Welcome, {user.UserName}.";
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    private async Task DecideAsync(CancellationToken ct)
    {
        Rule = (await access.GetAsync(ct)).Registration;
        IsFirstAccount = await accounts.IsEmptyAsync(ct);
        if (IsFirstAccount)
        {
            return;
        }
        if (Rule == Registration.Closed)
        {
            Refusal = "Registration is closed on this instance. An admin can create accounts.";
            return;
        }
        if (!string.IsNullOrWhiteSpace(Invite))
        {
            var check = await invitations.CheckAsync(Invite, ct);
            if (check.TryGet(out var role, out var failure))
            {
                InvitedRole = role;
            }
            else
            {
                Refusal = failure.Message;
            }
            return;
        }
        if (Rule == Registration.Invitation)
        {
            Refusal = "Accounts here are by invitation. Open the invite link a moderator or admin gave you.";
        }
    }
}
