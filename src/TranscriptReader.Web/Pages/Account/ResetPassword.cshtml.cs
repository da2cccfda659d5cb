using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Web.Accounts;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Pages.Account;

/// <summary>Sets a new password through a one-time link (from an admin or by email); every session of the account ends.</summary>
public sealed class ResetPasswordModel(PasswordResets resets, AccountThrottle throttle, UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    public sealed class Input
    {
        [Required, StringLength(200, MinimumLength = 10)]
        public string Password { get; set; } = "";

        [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
        public string Confirm { get; set; } = "";
    }

    [BindProperty]
    public Input Data { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public string? AccountName { get; private set; }
    public string? Refusal { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await CheckAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            await CheckAsync(ct);
            return Page();
        }
        var outcome = await resets.ResetAsync(Token ?? "", Data.Password, ct);
        if (!outcome.TryGet(out var user, out var failure))
        {
            await CheckAsync(ct);
            return this.ShowOnPage(failure);
        }
        throttle.Unlock(users.NormalizeEmail(user.Email ?? ""));
        // Whoever was signed in in this browser is signed out: the link proved control of the account, not of this session.
        await signIn.SignOutAsync();
        TempData["Flash"] = "Your password was changed. Log in with the new one.";
        return Redirect("/Account/Login");
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        var check = await resets.CheckAsync(Token ?? "", ct);
        if (check.TryGet(out var name, out var failure))
        {
            AccountName = name;
        }
        else
        {
            Refusal = failure.Message;
        }
    }
}
