using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Web.Accounts;
using TranscriptReader.Web.Accounts.Mail;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Pages.Admin;

/// <summary>Roles, unlocking and one-time password-reset links for every account. Deleted accounts are listed last, without actions.</summary>
public sealed class UsersModel(
    AppDbContext db, AccountService accounts, PasswordResets resets, AccountThrottle throttle, UserManager<AppUser> users,
    IOptions<MailSettings> mail) : PageModel
{
    public sealed record Row(
        string Id, string Name, string Email, DateTimeOffset CreatedAt, bool Locked, bool Deleted, IReadOnlyList<string> Roles);

    public List<Row> Rows { get; private set; } = [];

    /// <summary>A reset link just made, shown once: (account name, absolute link).</summary>
    public (string Name, string Link)? NewResetLink { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string userId, string role, bool grant, CancellationToken ct)
    {
        var errors = await accounts.SetRoleAsync(users.GetUserId(User)!, userId, role, grant, ct);
        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                ModelState.AddModelError("", e);
            }
            await LoadAsync(ct);
            return Page();
        }
        TempData["Flash"] = grant ? $"Granted {role}. Their sessions end within a minute; they log in again with it." : $"Revoked {role}. Their sessions end within a minute.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUnlockAsync(string userId, CancellationToken ct)
    {
        var outcome = await accounts.UnlockAsync(users.GetUserId(User)!, userId, ct);
        if (outcome.Failure is { } failure)
        {
            await LoadAsync(ct);
            return this.Show(failure);
        }
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.NormalizedEmail).SingleAsync(ct);
        throttle.Unlock(email ?? "");
        TempData["Flash"] = "Unlocked: sign-in attempts for that account start afresh.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResetLinkAsync(string userId, CancellationToken ct)
    {
        var outcome = await resets.CreateByAdminAsync(users.GetUserId(User)!, userId, ct);
        if (!outcome.TryGet(out var secret, out var failure))
        {
            await LoadAsync(ct);
            return this.Show(failure);
        }
        await LoadAsync(ct);
        var name = Rows.Single(r => r.Id == userId).Name;
        var site = mail.Value.PublicUrl is { Length: > 0 } publicUrl ? publicUrl.TrimEnd('/') : $"{Request.Scheme}://{Request.Host}";
        NewResetLink = (name, $"{site}/Account/ResetPassword?token={Uri.EscapeDataString(secret)}");
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var roleNames = await (from ur in db.UserRoles
                               join r in db.Roles on ur.RoleId equals r.Id
                               select new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roleNames.ToLookup(x => x.UserId, x => x.Name!);
        var people = await db.Users.AsNoTracking().OrderBy(u => u.CreatedAt).ToListAsync(ct);
        Rows = people
            .Select(u => new Row(u.Id, u.UserName ?? "", u.Email ?? "", u.CreatedAt,
                !DeletedReaders.IsDeleted(u) && (u.LockoutEnd > now || throttle.WasThrottled(u.NormalizedEmail ?? "")), DeletedReaders.IsDeleted(u),
                byUser[u.Id].Order(StringComparer.Ordinal).ToList()))
            .OrderBy(r => r.Deleted).ToList();
    }
}
