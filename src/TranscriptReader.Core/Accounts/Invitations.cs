using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Accounts;

/// <summary>What a moderator asks for: the role new readers get, how many may use the link, for how many days, and a note.</summary>
public sealed record InvitationRequest(string Role, int MaxUses, int ValidDays, string? Note);

/// <summary>A new invitation; <see cref="Secret"/> goes into the link and is never shown again.</summary>
public sealed record CreatedInvitation(long Id, string Secret);

/// <summary>One invitation on the invitations page, with the readers who used it.</summary>
public sealed record InvitationRow(
    long Id, string Role, string? Note, int Uses, int MaxUses, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt, string CreatedBy, IReadOnlyList<string> UsedBy)
{
    public string State(DateTimeOffset now) =>
        RevokedAt is not null ? "revoked" : ExpiresAt <= now ? "expired" : Uses >= MaxUses ? "used up" : "active";
}

/// <summary>Invite links: moderators and admins create, list and revoke them; registration spends them (see <see cref="AccountService.RegisterAsync"/>).</summary>
public sealed class Invitations(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const string SecretPrefix = "trinv_";
    public const int MaxUsesLimit = 500;
    public const int MaxValidDays = 90;

    /// <summary>Creates an invitation. Moderators may invite members and moderators; only admins may invite admins.</summary>
    public async Task<Outcome<CreatedInvitation>> CreateAsync(string actorId, bool actorIsAdmin, InvitationRequest request, CancellationToken ct = default)
    {
        if (!Roles.All.Contains(request.Role))
        {
            return Failure.Invalid($"Unknown role '{request.Role}'. Use one of: {string.Join(", ", Roles.All)}.");
        }
        if (request.Role == Roles.Admin && !actorIsAdmin)
        {
            return Failure.Forbidden("Only admins can invite admins.");
        }
        if (request.MaxUses is < 1 or > MaxUsesLimit)
        {
            return Failure.Invalid($"An invitation can be used 1 to {MaxUsesLimit} times.");
        }
        if (request.ValidDays is < 1 or > MaxValidDays)
        {
            return Failure.Invalid($"An invitation is valid for 1 to {MaxValidDays} days.");
        }
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (note is { Length: > 200 })
        {
            return Failure.Invalid("Keep the note under 200 characters.");
        }
        var now = clock.GetUtcNow();
        var secret = Secrets.New(SecretPrefix);
        var invitation = new Invitation
        {
            TokenHash = Secrets.Hash(secret),
            Role = request.Role,
            MaxUses = request.MaxUses,
            ExpiresAt = now.AddDays(request.ValidDays),
            Note = note,
            CreatedById = actorId,
            CreatedAt = now,
        };
        // The entry names the new row's id, so it is written after the row, in the same transaction.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Invitations.Add(invitation);
            await db.SaveChangesAsync(ct);
            audit.Add(actorId, "invitation.create", "invitation", invitation.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new { role = request.Role, maxUses = request.MaxUses, expiresAt = invitation.ExpiresAt, note });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        return new CreatedInvitation(invitation.Id, secret);
    }

    public async Task<Outcome> RevokeAsync(string actorId, long id, CancellationToken ct = default)
    {
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (invitation is null)
        {
            return Failure.NotFound("No such invitation.");
        }
        if (invitation.RevokedAt is not null)
        {
            return Outcome.Success;
        }
        invitation.RevokedAt = clock.GetUtcNow();
        audit.Add(actorId, "invitation.revoke", "invitation", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
        await db.SaveChangesAsync(ct);
        return Outcome.Success;
    }

    /// <summary>Every invitation, newest first, with its creator and the names of the readers who used it.</summary>
    public async Task<List<InvitationRow>> ListAsync(CancellationToken ct = default)
    {
        var rows = await db.Invitations.AsNoTracking().OrderByDescending(i => i.CreatedAt)
            .Select(i => new
            {
                i.Id, i.Role, i.Note, i.Uses, i.MaxUses, i.CreatedAt, i.ExpiresAt, i.RevokedAt,
                CreatedBy = db.Users.Where(u => u.Id == i.CreatedById).Select(u => u.UserName).FirstOrDefault(),
                UsedBy = i.Redemptions.OrderBy(r => r.UsedAt)
                    .Select(r => db.Users.Where(u => u.Id == r.UserId).Select(u => u.UserName).FirstOrDefault()).ToList(),
            })
            .ToListAsync(ct);
        return rows.ConvertAll(r => new InvitationRow(r.Id, r.Role, r.Note, r.Uses, r.MaxUses, r.CreatedAt, r.ExpiresAt, r.RevokedAt,
            r.CreatedBy ?? "", r.UsedBy.Select(n => n ?? "").ToList()));
    }

    /// <summary>The role a link grants, or why it cannot be used; for the registration page before anyone types.</summary>
    public async Task<Outcome<string>> CheckAsync(string secret, CancellationToken ct = default)
    {
        var hash = Secrets.Hash(secret);
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        return Unusable(invitation, clock.GetUtcNow()) is { } refusal ? refusal : invitation!.Role;
    }

    /// <summary>Why an invitation cannot be used now, or null when it can. Expired, revoked and unknown links are told apart for the reader.</summary>
    public static Failure? Unusable(Invitation? invitation, DateTimeOffset now) => invitation switch
    {
        null => Failure.NotFound("This invite link is not valid. Check that you copied all of it."),
        { RevokedAt: not null } => Failure.Conflict("This invite link was revoked. Ask for a new one."),
        _ when invitation.ExpiresAt <= now => Failure.Conflict("This invite link has expired. Ask for a new one."),
        _ when invitation.Uses >= invitation.MaxUses => Failure.Conflict("This invite link has been used as often as it allows. Ask for a new one."),
        _ => null,
    };
}
