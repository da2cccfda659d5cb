using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Accounts;

/// <summary>What the registration form sends: the new account and, when registration is by invitation, the link's secret.</summary>
public sealed record RegistrationRequest(string Email, string DisplayName, string Password, string? Invitation);

/// <summary>
/// Account creation, role changes, renaming, unlocking and deletion, shared by the account pages, the admin
/// pages and the admin CLI.
/// </summary>
/// <remarks>
/// Every change that should end existing sessions (role change, deletion) moves the security stamp; the cookie
/// validator re-checks it within <c>AuthSetup.SessionRecheck</c>, so the change reaches every signed-in browser.
/// </remarks>
public sealed class AccountService(AppDbContext db, UserManager<AppUser> users, AuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// Creates an account whatever the registration rule (the admin CLI and tests). Without an explicit role the
    /// first account of an empty instance becomes admin and every later one a member.
    /// </summary>
    public async Task<(AppUser? User, IReadOnlyList<string> Errors)> CreateAsync(
        string email, string displayName, string password, string? role = null, CancellationToken ct = default)
    {
        if (role is not null && !Roles.All.Contains(role))
        {
            return (null, [$"Unknown role '{role}'. Use one of: {string.Join(", ", Roles.All)}."]);
        }
        var outcome = await CreateLockedAsync(new RegistrationRequest(email, displayName, password, null),
            isFirst => Task.FromResult<(string?, Failure?)>((role ?? (isFirst ? Roles.Admin : Roles.Member), null)), ct);
        return outcome.TryGet(out var user, out var failure) ? (user, []) : (null, failure.Message.Split('\n'));
    }

    /// <summary>
    /// Registration through the web page under the instance's rule: open to anyone, by invitation (the link's
    /// role is granted and one of its uses spent), or closed. The first account of an empty instance needs
    /// neither and becomes admin.
    /// </summary>
    public Task<Outcome<AppUser>> RegisterAsync(RegistrationRequest request, Registration rule, CancellationToken ct = default)
    {
        Invitation? invitation = null;
        return CreateLockedAsync(request, async isFirst =>
        {
            if (isFirst)
            {
                return (Roles.Admin, null);
            }
            if (rule == Registration.Closed)
            {
                return (null, Failure.Forbidden("Registration is closed on this instance. An admin can create accounts."));
            }
            if (string.IsNullOrWhiteSpace(request.Invitation))
            {
                return rule == Registration.Open
                    ? (Roles.Member, null)
                    : (null, Failure.Forbidden("Registration here is by invitation: ask a moderator or admin for an invite link."));
            }
            var hash = Secrets.Hash(request.Invitation);
            // Registrations are serialized by the advisory lock, so the count cannot race past MaxUses.
            invitation = await db.Invitations.SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
            if (Invitations.Unusable(invitation, clock.GetUtcNow()) is { } refusal)
            {
                return (null, refusal);
            }
            invitation!.Uses++;
            return (invitation.Role, null);
        }, ct, afterCreate: user =>
        {
            if (invitation is not null)
            {
                db.InvitationUses.Add(new InvitationUse { InvitationId = invitation.Id, UserId = user.Id, UsedAt = clock.GetUtcNow() });
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>True until the first account exists (it needs no invitation and becomes admin).</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken ct = default) => !await db.Users.AnyAsync(ct);

    private async Task<Outcome<AppUser>> CreateLockedAsync(
        RegistrationRequest request, Func<bool, Task<(string? Role, Failure? Refusal)>> decideRole, CancellationToken ct,
        Func<AppUser, Task>? afterCreate = null)
    {
        if (DisplayNames.Validate(request.DisplayName) is { } problem)
        {
            return Failure.Invalid(problem);
        }
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // An advisory lock makes "first account" and an invitation's use count hold under concurrent sign-ups.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({DatabaseNames.AdvisoryLocks.FirstAccount})", ct);
            var (role, refusal) = await decideRole(!await db.Users.AnyAsync(ct));
            if (refusal is not null || role is null)
            {
                await tx.RollbackAsync(ct);
                return Outcome<AppUser>.Fail(refusal ?? Failure.Invalid("No role to grant."));
            }
            var user = new AppUser { UserName = request.DisplayName.Trim(), Email = request.Email.Trim(), CreatedAt = clock.GetUtcNow() };
            var created = await users.CreateAsync(user, request.Password);
            if (!created.Succeeded)
            {
                await tx.RollbackAsync(ct);
                return Failure.Invalid(string.Join("\n", created.Errors.Select(e => e.Description)));
            }
            var added = await users.AddToRolesAsync(user, role == Roles.Member ? [Roles.Member] : [Roles.Member, role]);
            if (!added.Succeeded)
            {
                await tx.RollbackAsync(ct);
                return Failure.Invalid(string.Join("\n", added.Errors.Select(e => e.Description)));
            }
            if (afterCreate is not null)
            {
                await afterCreate(user);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return Outcome<AppUser>.Success(user);
        });
    }

    /// <summary>Grants or revokes moderator or admin, audited; the person's sessions end (their stamp moves), so old rights do not linger in cookies.</summary>
    public async Task<IReadOnlyList<string>> SetRoleAsync(
        string actorId, string userId, string role, bool grant, CancellationToken ct = default)
    {
        if (role is not (Roles.Moderator or Roles.Admin))
        {
            return ["Only the moderator and admin roles can be granted or revoked."];
        }
        var user = await users.FindByIdAsync(userId);
        if (user is null || DeletedReaders.IsDeleted(user))
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
            if (result.Succeeded)
            {
                await users.UpdateSecurityStampAsync(user);
            }
            audit.Add(actorId, grant ? "role.grant" : "role.revoke", "user", userId, new { role, user.UserName });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return [];
        });
    }

    /// <summary>
    /// Changes a reader's display name (unique, case-insensitively). Sessions stay: the name in other browsers'
    /// cookies is refreshed at the next session check. Every transcript page re-renders with the new name.
    /// </summary>
    public async Task<Outcome> RenameAsync(string userId, string newName, CancellationToken ct = default)
    {
        newName = newName.Trim();
        if (DisplayNames.Validate(newName) is { } problem)
        {
            return Failure.Invalid(problem);
        }
        var user = await users.FindByIdAsync(userId);
        if (user is null || DeletedReaders.IsDeleted(user))
        {
            return Failure.NotFound("No such account.");
        }
        var old = user.UserName;
        if (old == newName)
        {
            return Outcome.Success;
        }
        // The user store saves the new name itself; the transaction makes the audit entry commit with it.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            user.UserName = newName;
            var result = await users.UpdateAsync(user);
            if (!result.Succeeded)
            {
                user.UserName = old;
                await tx.RollbackAsync(ct);
                return result.Errors.Any(e => e.Code == "DuplicateUserName")
                    ? Failure.Conflict($"The name \"{newName}\" is taken. Choose another.")
                    : Outcome.Fail(Failure.Invalid(string.Join(" ", result.Errors.Select(e => e.Description))));
            }
            audit.Add(userId, "account.rename", "user", userId, new { from = old, to = newName });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return Outcome.Success;
        });
    }

    /// <summary>Clears a lockout an admin sees on the users page (login throttling itself lives in the web app and is reset there).</summary>
    public async Task<Outcome> UnlockAsync(string actorId, string userId, CancellationToken ct = default)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || DeletedReaders.IsDeleted(user))
        {
            return Failure.NotFound("No such user.");
        }
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        audit.Add(actorId, "account.unlock", "user", userId, new { user.UserName });
        await db.SaveChangesAsync(ct);
        return Outcome.Success;
    }

    /// <summary>
    /// Deletes the caller's own account after checking the password. The row stays so contributions keep
    /// their author, but it is anonymised: shown as "deleted reader", no email, password, roles, tokens,
    /// reset links or sign-ins; its sessions end at the next check. The last admin cannot leave.
    /// </summary>
    public async Task<Outcome> DeleteOwnAsync(string userId, string password, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || DeletedReaders.IsDeleted(user))
        {
            return Failure.NotFound("No such account.");
        }
        if (!await users.CheckPasswordAsync(user, password))
        {
            return Failure.Invalid("The password is wrong; the account was not deleted.");
        }
        if (await users.IsInRoleAsync(user, Roles.Admin) && (await users.GetUsersInRoleAsync(Roles.Admin)).Count == 1)
        {
            return Failure.Conflict("You are the only admin: make another reader admin before deleting your account.");
        }
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();
            await db.UserRoles.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
            await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
            await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync(ct);
            await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
            await db.ApiTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
            await db.PasswordResets.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
            await db.Invitations.Where(i => i.CreatedById == userId && i.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now), ct);
            user.UserName = DeletedReaders.DisplayName;
            user.NormalizedUserName = DeletedReaders.NormalizedPrefix + user.Id;
            user.Email = null;
            user.NormalizedEmail = null;
            user.EmailConfirmed = false;
            user.PhoneNumber = null;
            user.PasswordHash = null;
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            user.LockoutEnabled = true;
            user.LockoutEnd = DateTimeOffset.MaxValue;
            audit.Add(userId, "account.delete", "user", userId, null);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        return Outcome.Success;
    }
}
