using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Core.Auditing;

/// <summary>Instance-wide switches an admin changes at run time, stored in the database so every app node agrees.</summary>
public sealed class InstanceSettings(AppDbContext db, AuditLog audit)
{
    public const string AllowPrivateImportUrls = "import.allow_private_urls";

    public async Task<bool> GetFlagAsync(string key, CancellationToken ct = default) =>
        await db.AppSettings.Where(s => s.Key == key).Select(s => s.Value).SingleOrDefaultAsync(ct) == "true";

    public async Task SetFlagAsync(string actorId, string key, bool value, CancellationToken ct = default)
    {
        var text = value ? "true" : "false";
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO app_settings (key, value) VALUES ({0}, {1}) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, text], ct);
        await audit.RecordAsync(actorId, "setting.change", "setting", key, new { value }, ct);
    }
}
