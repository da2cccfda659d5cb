using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Web.Pages.Admin;

public sealed class UsersModel(AppDbContext db, AccountService accounts, UserManager<AppUser> users) : PageModel
{
    public sealed record Row(string Id, string Name, string Email, DateTimeOffset CreatedAt, bool LockedOut, IReadOnlyList<string> Roles);

    public List<Row> Rows { get; private set; } = [];

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
        TempData["Flash"] = grant ? $"Granted {role}." : $"Revoked {role}.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var roleNames = await (from ur in db.UserRoles
                               join r in db.Roles on ur.RoleId equals r.Id
                               select new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roleNames.ToLookup(x => x.UserId, x => x.Name!);
        var people = await db.Users.AsNoTracking().OrderBy(u => u.CreatedAt)
            .Select(u => new { u.Id, u.UserName, u.Email, u.CreatedAt, u.LockoutEnd }).ToListAsync(ct);
        Rows = people.Select(u => new Row(u.Id, u.UserName ?? "", u.Email ?? "", u.CreatedAt,
            u.LockoutEnd > now, byUser[u.Id].Order(StringComparer.Ordinal).ToList())).ToList();
    }
}
