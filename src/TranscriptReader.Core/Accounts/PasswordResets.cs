using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Accounts;

/// <summary>
/// One-time password-reset links: an admin makes one for a reader (always possible), or a reader asks for one
/// by email (when mail is configured). Using a link sets the new password and moves the security stamp, so
/// every session of the account ends.
/// </summary>
public sealed class PasswordResets(AppDbContext db, UserManager<AppUser> users, AuditLog audit, TimeProvider clock)
{
    public const string SecretPrefix = "trrst_";

    /// <summary>An admin hands the link over by hand, which can take a while; an emailed link is for now.</summary>
    public static readonly TimeSpan AdminLinkLifetime = TimeSpan.FromHours(72);
    public static readonly TimeSpan EmailLinkLifetime = TimeSpan.FromHours(1);

    /// <summary>A link an admin makes for a reader; it replaces the reader's older unused links. Audited.</summary>
    public async Task<Outcome<string>> CreateByAdminAsync(string actorId, string userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || DeletedReaders.IsDeleted(user))
        {
            return Failure.NotFound("No such user.");
        }
        var secret = await IssueAsync(userId, actorId, AdminLinkLifetime, ct, () =>
            audit.Add(actorId, "password.reset-link", "user", userId, new { user.UserName }));
        return secret;
    }

    /// <summary>A link for the account with this email, or null when there is none (the caller says the same either way).</summary>
    public async Task<(AppUser User, string Secret)?> CreateForEmailAsync(string email, CancellationToken ct = default)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || DeletedReaders.IsDeleted(user))
        {
            return null;
        }
        return (user, await IssueAsync(user.Id, null, EmailLinkLifetime, ct, null));
    }

    /// <summary>The display name of the account a link resets, or why the link cannot be used.</summary>
    public async Task<Outcome<string>> CheckAsync(string secret, CancellationToken ct = default)
    {
        var hash = Secrets.Hash(secret);
        var found = await (from r in db.PasswordResets.AsNoTracking()
                           join u in db.Users on r.UserId equals u.Id
                           where r.TokenHash == hash
                           select new { Reset = r, u.UserName }).SingleOrDefaultAsync(ct);
        return Unusable(found?.Reset, clock.GetUtcNow()) is { } refusal ? refusal : found!.UserName ?? "";
    }

    /// <summary>Sets the new password through a link and spends the link; a password the rules refuse changes nothing.</summary>
    public async Task<Outcome<AppUser>> ResetAsync(string secret, string newPassword, CancellationToken ct = default)
    {
        var hash = Secrets.Hash(secret);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // The row lock makes a link work once even when it is submitted twice at the same moment.
            var reset = await db.PasswordResets
                .FromSql($"SELECT * FROM password_resets WHERE token_hash = {hash} FOR UPDATE").SingleOrDefaultAsync(ct);
            var now = clock.GetUtcNow();
            if (Unusable(reset, now) is { } refusal)
            {
                return Outcome<AppUser>.Fail(refusal);
            }
            var user = await users.FindByIdAsync(reset!.UserId);
            if (user is null || DeletedReaders.IsDeleted(user))
            {
                return Failure.NotFound("This account no longer exists.");
            }
            foreach (var validator in users.PasswordValidators)
            {
                var valid = await validator.ValidateAsync(users, user, newPassword);
                if (!valid.Succeeded)
                {
                    return Failure.Invalid(string.Join(" ", valid.Errors.Select(e => e.Description)));
                }
            }
            // Both calls move the security stamp, which ends the account's other sessions.
            var removed = await users.RemovePasswordAsync(user);
            var added = removed.Succeeded ? await users.AddPasswordAsync(user, newPassword) : removed;
            if (!added.Succeeded)
            {
                await tx.RollbackAsync(ct);
                return Failure.Invalid(string.Join(" ", added.Errors.Select(e => e.Description)));
            }
            reset.UsedAt = now;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            audit.Add(user.Id, "password.reset", "user", user.Id, new { byAdmin = reset.CreatedById is not null });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return Outcome<AppUser>.Success(user);
        });
    }

    private async Task<string> IssueAsync(string userId, string? actorId, TimeSpan lifetime, CancellationToken ct, Action? auditEntry)
    {
        var now = clock.GetUtcNow();
        var secret = Secrets.New(SecretPrefix);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.PasswordResets.Where(r => r.UserId == userId && r.UsedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, now), ct);
            db.PasswordResets.Add(new PasswordReset
            {
                UserId = userId,
                TokenHash = Secrets.Hash(secret),
                CreatedById = actorId,
                CreatedAt = now,
                ExpiresAt = now + lifetime,
            });
            auditEntry?.Invoke();
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        return secret;
    }

    private static Failure? Unusable(PasswordReset? reset, DateTimeOffset now) => reset switch
    {
        null => Failure.NotFound("This password-reset link is not valid. Check that you copied all of it."),
        { UsedAt: not null } => Failure.Conflict("This password-reset link was already used. Ask for a new one."),
        _ when reset.ExpiresAt <= now => Failure.Conflict("This password-reset link has expired or was replaced by a newer one. Ask for a new one."),
        _ => null,
    };
}
