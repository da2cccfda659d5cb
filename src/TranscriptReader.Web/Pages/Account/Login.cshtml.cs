using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Web.Accounts;
using TranscriptReader.Web.Accounts.Mail;

namespace TranscriptReader.Web.Pages.Account;

/// <summary>
/// Sign-in. Wrong passwords never lock an account: <see cref="AccountThrottle"/> slows guessing per address and
/// account (429 with Retry-After), and an unknown email costs the same password hash as a known one, so neither
/// the answer nor its timing tells whether an account exists.
/// </summary>
public sealed class LoginModel(
    SignInManager<AppUser> signIn, UserManager<AppUser> users, AccountThrottle throttle, IOptions<MailSettings> mail,
    AccessPolicyCache access, ILogger<LoginModel> logger) : PageModel
{
    /// <summary>A hash made with the same hasher settings, checked when no account has the email.</summary>
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString()));

    public sealed class Input
    {
        [Required, EmailAddress]
        public string Email { get; set; } = "";

        [Required]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    [BindProperty]
    public Input Data { get; set; } = new();

    public string? ReturnUrl { get; private set; }
    public bool CanMailResets => mail.Value.Enabled;
    public Registration Registration { get; private set; }
    public bool SignedInOnly { get; private set; }

    public async Task OnGetAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        var policy = await access.GetAsync(HttpContext.RequestAborted);
        Registration = policy.Registration;
        SignedInOnly = policy.Read == ReadAccess.SignedIn;
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        Registration = (await access.GetAsync(HttpContext.RequestAborted)).Registration;
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var email = Data.Email.Trim();
        var verdict = throttle.Login(ClientAddress.Key(HttpContext), users.NormalizeEmail(email));
        if (!verdict.Allowed)
        {
            logger.LogWarning("Sign-in throttled from {ClientAddress}", ClientAddress.Key(HttpContext));
            Response.Headers.RetryAfter = ((int)Math.Ceiling(verdict.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            ModelState.AddModelError("", $"Too many sign-in attempts for this account from here. Try again in {verdict.RetryText}.");
            return Page();
        }
        var user = await users.FindByEmailAsync(email);
        var passwordOk = user?.PasswordHash is not null
            ? await users.CheckPasswordAsync(user, Data.Password)
            : users.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, Data.Password) == PasswordVerificationResult.Success;
        if (user is null || !passwordOk || DeletedReaders.IsDeleted(user))
        {
            ModelState.AddModelError("", "Wrong email or password.");
            return Page();
        }
        await signIn.SignInAsync(user, Data.RememberMe);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
