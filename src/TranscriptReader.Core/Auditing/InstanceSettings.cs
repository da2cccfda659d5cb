using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Core.Auditing;

/// <summary>Instance-wide switches an admin changes at run time, stored in the database so every app node agrees.</summary>
public sealed class InstanceSettings(AppDbContext db, AuditLog audit)
{
    public const string AllowPrivateImportUrls = "import.allow_private_urls";

    public async Task<bool> GetFlagAsync(string key, CancellationToken ct = default) =>
        await db.AppSettings.Where(s => s.Key == key).Select(s => s.Value).SingleOrDefaultAsync(ct) == "true";

    /// <summary>Sets a switch and audits the change, in one transaction.</summary>
    public Task SetFlagAsync(string actorId, string key, bool value, CancellationToken ct = default) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            var text = value ? "true" : "false";
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO app_settings (key, value) VALUES ({0}, {1}) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, text], ct);
            audit.Add(actorId, "setting.change", "setting", key, new { value });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
}
