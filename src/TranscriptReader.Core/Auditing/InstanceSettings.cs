using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Auditing;

/// <summary>Instance-wide switches an admin changes at run time, stored in the database so every app node agrees.</summary>
/// <remarks>
/// The access rules (<see cref="AccessPolicy"/>) can also be fixed by the environment; such a rule wins over the
/// stored one and cannot be changed here, so an operator's choice cannot be undone from the admin page.
/// </remarks>
public sealed class InstanceSettings(AppDbContext db, AuditLog audit, AccessOverrides? overrides = null)
{
    public const string AllowPrivateImportUrls = "import.allow_private_urls";
    public const string ReadAccessKey = "access.read";
    public const string RegistrationKey = "access.registration";

    private readonly AccessOverrides fixedRules = overrides ?? new AccessOverrides();

    public async Task<bool> GetFlagAsync(string key, CancellationToken ct = default) =>
        await db.AppSettings.Where(s => s.Key == key).Select(s => s.Value).SingleOrDefaultAsync(ct) == "true";

    /// <summary>Sets a switch and audits the change, in one transaction.</summary>
    public Task SetFlagAsync(string actorId, string key, bool value, CancellationToken ct = default) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await UpsertAsync(key, value ? "true" : "false", ct);
            audit.Add(actorId, "setting.change", "setting", key, new { value });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });

    /// <summary>The access rules: the environment's where it sets them, else the stored ones, else the defaults.</summary>
    public async Task<AccessPolicy> GetAccessAsync(CancellationToken ct = default)
    {
        var stored = await db.AppSettings.AsNoTracking()
            .Where(s => s.Key == ReadAccessKey || s.Key == RegistrationKey)
            .ToDictionaryAsync(s => s.Key, s => s.Value, ct);
        var read = fixedRules.Read
            ?? AccessNames.ParseRead(stored.GetValueOrDefault(ReadAccessKey)) ?? AccessPolicy.Default.Read;
        var registration = fixedRules.Registration
            ?? AccessNames.ParseRegistration(stored.GetValueOrDefault(RegistrationKey)) ?? AccessPolicy.Default.Registration;
        return new AccessPolicy(read, registration, fixedRules.Read is not null, fixedRules.Registration is not null);
    }

    /// <summary>Stores the access rules and audits each change; a rule the environment fixes cannot be changed to another value.</summary>
    public async Task<Outcome> SetAccessAsync(string actorId, ReadAccess read, Registration registration, CancellationToken ct = default)
    {
        if (fixedRules.Read is { } fixedRead && fixedRead != read)
        {
            return Failure.Conflict($"Who may read is set by the environment (Instance__ReadAccess={AccessNames.Of(fixedRead)}); change it there.");
        }
        if (fixedRules.Registration is { } fixedRegistration && fixedRegistration != registration)
        {
            return Failure.Conflict($"Who may register is set by the environment (Instance__Registration={AccessNames.Of(fixedRegistration)}); change it there.");
        }
        var before = await GetAccessAsync(ct);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (fixedRules.Read is null && before.Read != read)
            {
                await UpsertAsync(ReadAccessKey, AccessNames.Of(read), ct);
                audit.Add(actorId, "setting.change", "setting", ReadAccessKey, new { value = AccessNames.Of(read) });
            }
            if (fixedRules.Registration is null && before.Registration != registration)
            {
                await UpsertAsync(RegistrationKey, AccessNames.Of(registration), ct);
                audit.Add(actorId, "setting.change", "setting", RegistrationKey, new { value = AccessNames.Of(registration) });
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        return Outcome.Success;
    }

    private Task<int> UpsertAsync(string key, string value, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(
            "INSERT INTO app_settings (key, value) VALUES ({0}, {1}) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value], ct);
}
