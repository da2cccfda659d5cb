using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Accounts;

namespace TranscriptReader.Web.Pages.Account;

public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, ILogger<LoginModel> logger) : PageModel
{
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

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await users.FindByEmailAsync(Data.Email.Trim());
        if (user is null)
        {
            ModelState.AddModelError("", "Wrong email or password.");
            return Page();
        }
        // Count failures: five wrong passwords lock the account for five minutes.
        var result = await signIn.PasswordSignInAsync(user, Data.Password, Data.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
        }
        if (result.IsLockedOut)
        {
            logger.LogWarning("Login refused for locked-out user {UserId}", user.Id);
            ModelState.AddModelError("", "Too many failed attempts: this account is locked for a few minutes. Try again later.");
            Response.StatusCode = StatusCodes.Status423Locked;
            return Page();
        }
        ModelState.AddModelError("", "Wrong email or password.");
        return Page();
    }
}
