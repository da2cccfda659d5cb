using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Core.Labels;

public sealed record CatalogResult(Label? Label, string? Error, bool Created = false, bool NotFound = false)
{
    public bool Ok => Error is null;
    public static CatalogResult Failure(string error, bool notFound = false) => new(null, error, NotFound: notFound);
}

/// <summary>
/// Moderators' edits to the label codebook: create, rename, recolor, shortcut key, description.
/// Every change is one transaction together with its audit entry.
/// </summary>
public sealed partial class LabelCatalog(AppDbContext db, LabelDirectory directory, AuditLog audit, TimeProvider clock)
{
    public const int MaxDescriptionLength = 20000;

    /// <summary>
    /// Creates a label, or returns the existing one when the name (or an alias) already resolves to a
    /// label: "Goal Guarding" when "goal guarding" exists is that label, not an error.
    /// </summary>
    public async Task<CatalogResult> CreateAsync(string actorId, string name, string? color = null, string? description = null, CancellationToken ct = default)
    {
        var error = LabelNames.Validate(name) ?? ValidateColor(color) ?? ValidateDescription(description);
        if (error is not null)
        {
            return CatalogResult.Failure(error);
        }
        var existing = await directory.FindAsync(name, ct);
        if (existing is not null && !IsNumeric(name))
        {
            return new CatalogResult(existing, null);
        }
        var trimmed = name.Trim();
        var key = LabelNames.Key(trimmed);
        var label = new Label
        {
            Name = trimmed,
            NormalizedName = key,
            Color = NormalizeColor(color) ?? LabelDirectory.ColorFor(key),
            Description = description?.Trim() ?? "",
            CreatedById = actorId,
            CreatedAt = clock.GetUtcNow(),
        };
        return await InTransactionAsync(async () =>
        {
            db.Labels.Add(label);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another moderator or reader created the same name a moment ago: that one is the label.
                return null;
            }
            await audit.RecordAsync(actorId, "label.create", "label", Id(label), new { label.Name, label.Color }, ct);
            return new CatalogResult(label, null, Created: true);
        }, ct) ?? new CatalogResult(await directory.FindAsync(name, ct), null);
    }

    /// <summary>Renames a label; the old name becomes an alias so what readers type keeps working.</summary>
    public async Task<CatalogResult> RenameAsync(string actorId, int labelId, string newName, CancellationToken ct = default)
    {
        var error = LabelNames.Validate(newName);
        if (error is not null)
        {
            return CatalogResult.Failure(error);
        }
        var trimmed = newName.Trim();
        var key = LabelNames.Key(trimmed);
        return await EditAsync(actorId, labelId, "label.rename", async label =>
        {
            var oldName = label.Name;
            if (label.NormalizedName != key)
            {
                if (await db.Labels.AnyAsync(l => l.NormalizedName == key && l.Id != labelId, ct))
                {
                    return $"Another label is already called '{trimmed}'.";
                }
                var alias = await db.LabelAliases.SingleOrDefaultAsync(a => a.NormalizedAlias == key, ct);
                if (alias is not null && alias.LabelId != labelId)
                {
                    return $"'{trimmed}' is an alias of another label.";
                }
                if (alias is not null)
                {
                    // Renaming back to an old name: it is the name again, not an alias.
                    db.LabelAliases.Remove(alias);
                }
                if (!await db.LabelAliases.AnyAsync(a => a.NormalizedAlias == label.NormalizedName, ct))
                {
                    db.LabelAliases.Add(new LabelAlias
                    {
                        LabelId = labelId, Alias = label.Name, NormalizedAlias = label.NormalizedName, CreatedAt = clock.GetUtcNow(),
                    });
                }
            }
            label.Name = trimmed;
            label.NormalizedName = key;
            return Details(new { from = oldName, to = trimmed });
        }, ct);
    }

    public Task<CatalogResult> RecolorAsync(string actorId, int labelId, string color, CancellationToken ct = default)
    {
        var error = ValidateColor(color) ?? (string.IsNullOrWhiteSpace(color) ? "A color is required." : null);
        return error is not null
            ? Task.FromResult(CatalogResult.Failure(error))
            : EditAsync(actorId, labelId, "label.recolor", label =>
            {
                var from = label.Color;
                label.Color = NormalizeColor(color)!;
                return Task.FromResult<object>(Details(new { from, to = label.Color }));
            }, ct);
    }

    /// <summary>Sets (a single letter or digit, unique among live labels) or clears (null/empty) the shortcut key.</summary>
    public async Task<CatalogResult> SetShortcutAsync(string actorId, int labelId, string? key, CancellationToken ct = default)
    {
        char? shortcut = null;
        if (!string.IsNullOrWhiteSpace(key))
        {
            var k = key.Trim();
            if (k.Length != 1 || !char.IsAsciiLetterOrDigit(k[0]))
            {
                return CatalogResult.Failure("A shortcut key is a single letter (a–z) or digit (0–9).");
            }
            shortcut = char.ToLowerInvariant(k[0]);
        }
        return await EditAsync(actorId, labelId, "label.shortcut", async label =>
        {
            if (shortcut is not null)
            {
                // Serializes shortcut changes so two moderators cannot give two labels the same key.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({DatabaseNames.AdvisoryLocks.LabelShortcuts})", ct);
                var other = await db.Labels.AsNoTracking()
                    .Where(l => l.ShortcutKey == shortcut && l.Id != labelId && l.MergedIntoId == null)
                    .Select(l => l.Name).FirstOrDefaultAsync(ct);
                if (other is not null)
                {
                    return $"The key '{shortcut}' is already the shortcut of '{other}'.";
                }
            }
            var from = label.ShortcutKey?.ToString();
            label.ShortcutKey = shortcut;
            return Details(new { from, to = shortcut?.ToString() });
        }, ct);
    }

    public Task<CatalogResult> SetDescriptionAsync(string actorId, int labelId, string? description, CancellationToken ct = default)
    {
        var error = ValidateDescription(description);
        return error is not null
            ? Task.FromResult(CatalogResult.Failure(error))
            : EditAsync(actorId, labelId, "label.describe", label =>
            {
                var text = description?.Trim() ?? "";
                var changed = text != label.Description;
                label.Description = text;
                return Task.FromResult<object>(changed ? Details(new { length = text.Length }) : Unchanged);
            }, ct);
    }

    public static string? ValidateColor(string? color) =>
        string.IsNullOrWhiteSpace(color) || ColorPattern().IsMatch(color.Trim()) ? null : "A color is written as #rrggbb, e.g. #e8a33d.";

    private static string? ValidateDescription(string? description) =>
        description is not null && description.Trim().Length > MaxDescriptionLength
            ? $"A description can have at most {MaxDescriptionLength} characters."
            : null;

    private static string? NormalizeColor(string? color) => string.IsNullOrWhiteSpace(color) ? null : color.Trim().ToLowerInvariant();

    private static bool IsNumeric(string s) => int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static string Id(Label label) => label.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Marker results of an edit step: audit details to record, or nothing changed.</summary>
    private sealed record EditDetails(object? Value);

    private static readonly EditDetails Unchanged = new((object?)null);

    private static EditDetails Details(object value) => new(value);

    /// <summary>
    /// Loads the label FOR UPDATE (a merge holds the same lock), refuses merged-away labels, applies
    /// <paramref name="edit"/> (which returns an error message or audit details), saves and audits.
    /// </summary>
    private async Task<CatalogResult> EditAsync(string actorId, int labelId, string action, Func<Label, Task<object>> edit, CancellationToken ct)
    {
        CatalogResult? failure = null;
        var result = await InTransactionAsync(async () =>
        {
            var label = await db.Labels.FromSqlRaw("SELECT * FROM labels WHERE id = {0} FOR UPDATE", labelId).SingleOrDefaultAsync(ct);
            if (label is null)
            {
                failure = CatalogResult.Failure($"There is no label with id {labelId}.", notFound: true);
                return null;
            }
            if (label.MergedIntoId is not null)
            {
                failure = CatalogResult.Failure($"'{label.Name}' was merged into another label; edit that one, or undo the merge first.");
                return null;
            }
            var outcome = await edit(label);
            if (outcome is string message)
            {
                failure = CatalogResult.Failure(message);
                return null;
            }
            await db.SaveChangesAsync(ct);
            if (outcome is EditDetails { Value: { } details })
            {
                await audit.RecordAsync(actorId, action, "label", Id(label), details, ct);
            }
            return new CatalogResult(label, null);
        }, ct);
        return result ?? failure!;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction; a null result rolls it back.</summary>
    private Task<CatalogResult?> InTransactionAsync(Func<Task<CatalogResult?>> work, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await work();
            if (result is null)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return null;
            }
            await tx.CommitAsync(ct);
            return result;
        });

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex ColorPattern();
}
