using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Core.Accounts;

/// <summary>Account creation and role changes shared by the register page, the admin page and the admin CLI.</summary>
public sealed class AccountService(AppDbContext db, UserManager<AppUser> users, AuditLog audit)
{
    /// <summary>
    /// Creates an account. Without an explicit role the first account of an empty instance becomes
    /// admin and every later one a member; an advisory lock makes "first" hold under concurrent sign-ups.
    /// </summary>
    public async Task<(AppUser? User, IReadOnlyList<string> Errors)> CreateAsync(
        string email, string displayName, string password, string? role = null, CancellationToken ct = default)
    {
        if (role is not null && !Roles.All.Contains(role))
        {
            return (null, [$"Unknown role '{role}'. Use one of: {string.Join(", ", Roles.All)}."]);
        }
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({DatabaseNames.AdvisoryLocks.FirstAccount})", ct);
            var isFirst = !await db.Users.AnyAsync(ct);
            var user = new AppUser { UserName = displayName.Trim(), Email = email.Trim() };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                await tx.RollbackAsync(ct);
                return ((AppUser?)null, (IReadOnlyList<string>)created.Errors.Select(e => e.Description).ToList());
            }
            var granted = role ?? (isFirst ? Roles.Admin : Roles.Member);
            var roles = granted == Roles.Member ? new[] { Roles.Member } : [Roles.Member, granted];
            var added = await users.AddToRolesAsync(user, roles);
            if (!added.Succeeded)
            {
                await tx.RollbackAsync(ct);
                return (null, added.Errors.Select(e => e.Description).ToList());
            }
            await tx.CommitAsync(ct);
            return (user, Array.Empty<string>());
        });
    }

    public async Task<IReadOnlyList<string>> SetRoleAsync(
        string actorId, string userId, string role, bool grant, CancellationToken ct = default)
    {
        if (role is not (Roles.Moderator or Roles.Admin))
        {
            return ["Only the moderator and admin roles can be granted or revoked."];
        }
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return ["No such user."];
        }
        if (!grant && role == Roles.Admin && actorId == userId)
        {
            return ["You cannot revoke your own admin role; ask another admin."];
        }
        // The user store saves the role change itself; the transaction makes its entry commit with it.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = grant ? await users.AddToRoleAsync(user, role) : await users.RemoveFromRoleAsync(user, role);
            if (!result.Succeeded && !result.Errors.Any(e => e.Code is "UserAlreadyInRole" or "UserNotInRole"))
            {
                await tx.RollbackAsync(ct);
                return (IReadOnlyList<string>)result.Errors.Select(e => e.Description).ToList();
            }
            audit.Add(actorId, grant ? "role.grant" : "role.revoke", "user", userId, new { role, user.UserName });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return [];
        });
    }
}
