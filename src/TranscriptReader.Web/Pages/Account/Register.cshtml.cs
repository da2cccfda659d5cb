using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Accounts;

namespace TranscriptReader.Web.Pages.Account;

public sealed class RegisterModel(AccountService accounts, SignInManager<AppUser> signIn, ILogger<RegisterModel> logger) : PageModel
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

    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var (user, errors) = await accounts.CreateAsync(Data.Email, Data.DisplayName, Data.Password, ct: ct);
        if (user is null)
        {
            foreach (var e in errors)
            {
                ModelState.AddModelError("", e);
            }
            return Page();
        }
        logger.LogInformation("Registered user {UserId}", user.Id);
        await signIn.SignInAsync(user, isPersistent: false);
        TempData["Flash"] = $"Welcome, {user.UserName}.";
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
