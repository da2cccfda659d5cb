using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Pages.Account.Manage;

/// <summary>
/// The reader's own account: password, display name, personal access tokens, "log out everywhere" and deletion.
/// A password change and "log out everywhere" move the security stamp, which ends every other session at its
/// next check (<see cref="Setup.AuthSetup.SessionRecheck"/>); this browser is signed in again or out.
/// </summary>
public sealed class IndexModel(
    UserManager<AppUser> users, SignInManager<AppUser> signIn, ApiTokenService tokens, AccountService accounts) : PageModel
{
    public sealed class PasswordInput
    {
        [Required]
        public string Current { get; set; } = "";

        [Required, StringLength(200, MinimumLength = 10)]
        public string New { get; set; } = "";

        [Compare(nameof(New), ErrorMessage = "The two new passwords differ.")]
        public string Confirm { get; set; } = "";
    }

    [BindProperty]
    public PasswordInput Password { get; set; } = new();

    public string DisplayName { get; private set; } = "";
    public string Email { get; private set; } = "";
    public IList<string> RoleNames { get; private set; } = [];
    public List<ApiToken> Tokens { get; private set; } = [];
    public string? NewToken { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostChangeNameAsync(string? displayName, CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await accounts.RenameAsync(users.GetUserId(User)!, displayName ?? "", ct);
        if (outcome.Failure is { } failure)
        {
            await LoadAsync(ct);
            return this.ShowOnPage(failure, "displayName");
        }
        // The header shows the name from the cookie: issue this browser's cookie again with the new one.
        await signIn.RefreshSignInAsync((await users.GetUserAsync(User))!);
        TempData["Flash"] = "Your display name was changed.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostLogOutEverywhereAsync()
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        TempData["Flash"] = "You are logged out on every device. Personal access tokens still work until you revoke them.";
        return Redirect("/Account/Login");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? deletePassword, CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await accounts.DeleteOwnAsync(users.GetUserId(User)!, deletePassword ?? "", ct);
        if (outcome.Failure is { } failure)
        {
            await LoadAsync(ct);
            return this.ShowOnPage(failure, "deletePassword");
        }
        await signIn.SignOutAsync();
        TempData["Flash"] = "Your account was deleted. Your tags and comments stay, shown as by a deleted reader.";
        return Redirect("/");
    }

    public async Task<IActionResult> OnPostChangePasswordAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        if (ModelState.IsValid)
        {
            var result = await users.ChangePasswordAsync(user, Password.Current, Password.New);
            if (result.Succeeded)
            {
                await signIn.RefreshSignInAsync(user);
                TempData["Flash"] = "Your password was changed.";
                return RedirectToPage();
            }
            foreach (var e in result.Errors)
            {
                ModelState.AddModelError("", e.Code == "PasswordMismatch" ? "The current password is wrong." : e.Description);
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateTokenAsync(string? tokenName, CancellationToken ct)
    {
        ModelState.Clear();
        if (string.IsNullOrWhiteSpace(tokenName) || tokenName.Trim().Length > 100)
        {
            ModelState.AddModelError("", "Give the token a name of 1 to 100 characters.");
        }
        else
        {
            NewToken = (await tokens.CreateAsync(users.GetUserId(User)!, tokenName, ct)).Secret;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeTokenAsync(long tokenId, CancellationToken ct)
    {
        var revoked = await tokens.RevokeAsync(users.GetUserId(User)!, tokenId, ct);
        TempData["Flash"] = revoked ? "The token was revoked." : "That token was already revoked or is not yours.";
        return RedirectToPage(null, null, null, "tokens");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        DisplayName = user.UserName ?? "";
        Email = user.Email ?? "";
        RoleNames = await users.GetRolesAsync(user);
        Tokens = await tokens.ListAsync(user.Id, ct);
    }
}
