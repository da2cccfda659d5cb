using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Rendering;
using TranscriptReader.Core.Text;

namespace TranscriptReader.Core.Labels;

/// <summary>A label as saved by a codebook edit; <paramref name="Created"/> when this call created it.</summary>
/// <param name="Label">The label after the change.</param>
/// <param name="Created">True only when <see cref="LabelCatalog.CreateAsync"/> stored a new label.</param>
public sealed record SavedLabel(Label Label, bool Created = false);

/// <summary>
/// Moderators' edits to the label codebook: create, rename, recolor, shortcut key, description.
/// Every change is one transaction together with its audit entry. A value that is not acceptable is
/// <see cref="FailureKind.Invalid"/>; a name or key another label already holds, or an edit of a merged-away
/// label, is <see cref="FailureKind.Conflict"/> (the same request succeeds once the other label changes).
/// </summary>
public sealed partial class LabelCatalog(AppDbContext db, LabelDirectory directory, AuditLog audit, TimeProvider clock)
{
    public const int MaxDescriptionLength = 20000;

    /// <summary>
    /// Creates a label, or returns the existing one when the name (or an alias) already resolves to a
    /// label: "Goal Guarding" when "goal guarding" exists is that label, not an error.
    /// </summary>
    public async Task<Outcome<SavedLabel>> CreateAsync(string actorId, string name, string? color = null, string? description = null, CancellationToken ct = default)
    {
        var error = LabelNames.Validate(name) ?? ValidateColor(color) ?? ValidateDescription(description);
        if (error is not null)
        {
            return Failure.Invalid(error);
        }
        var existing = await directory.FindAsync(name, ct);
        if (existing is not null)
        {
            return new SavedLabel(existing);
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
            // A second save, in the same transaction: the entry names the id the insert above generated.
            audit.Add(actorId, "label.create", "label", Id(label), new { label.Name, label.Color });
            await db.SaveChangesAsync(ct);
            return new SavedLabel(label, Created: true);
        }, ct) ?? new SavedLabel((await directory.FindAsync(name, ct))!);
    }

    /// <summary>Renames a label; the old name becomes an alias so what readers type keeps working.</summary>
    public async Task<Outcome<SavedLabel>> RenameAsync(string actorId, int labelId, string newName, CancellationToken ct = default)
    {
        var error = LabelNames.Validate(newName);
        if (error is not null)
        {
            return Failure.Invalid(error);
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
                    return Failure.Conflict($"Another label is already called '{trimmed}'.");
                }
                var alias = await db.LabelAliases.SingleOrDefaultAsync(a => a.NormalizedAlias == key, ct);
                if (alias is not null && alias.LabelId != labelId)
                {
                    return Failure.Conflict($"'{trimmed}' is an alias of another label.");
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

    public Task<Outcome<SavedLabel>> RecolorAsync(string actorId, int labelId, string color, CancellationToken ct = default)
    {
        var error = ValidateColor(color) ?? (string.IsNullOrWhiteSpace(color) ? "A color is required." : null);
        return error is not null
            ? Task.FromResult<Outcome<SavedLabel>>(Failure.Invalid(error))
            : EditAsync(actorId, labelId, "label.recolor", label =>
            {
                var from = label.Color;
                label.Color = NormalizeColor(color)!;
                return Task.FromResult<object>(Details(new { from, to = label.Color }));
            }, ct);
    }

    /// <summary>Sets (a single letter or digit, unique among live labels) or clears (null/empty) the shortcut key.</summary>
    public async Task<Outcome<SavedLabel>> SetShortcutAsync(string actorId, int labelId, string? key, CancellationToken ct = default)
    {
        char? shortcut = null;
        if (!string.IsNullOrWhiteSpace(key))
        {
            var k = key.Trim();
            if (k.Length != 1 || !char.IsAsciiLetterOrDigit(k[0]))
            {
                return Failure.Invalid("A shortcut key is a single letter (a–z) or digit (0–9).");
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
                    return Failure.Conflict($"The key '{shortcut}' is already the shortcut of '{other}'.");
                }
            }
            var from = label.ShortcutKey?.ToString();
            label.ShortcutKey = shortcut;
            return Details(new { from, to = shortcut?.ToString() });
        }, ct);
    }

    public Task<Outcome<SavedLabel>> SetDescriptionAsync(string actorId, int labelId, string? description, CancellationToken ct = default)
    {
        var error = ValidateDescription(description);
        return error is not null
            ? Task.FromResult<Outcome<SavedLabel>>(Failure.Invalid(error))
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

    /// <summary>
    /// A description is Markdown shown on the label pages: at most <see cref="MaxDescriptionLength"/> characters,
    /// clean text, and nested no deeper than the renderer shows (one such description broke /Labels for everyone).
    /// </summary>
    private static string? ValidateDescription(string? description) =>
        description is null ? null
        : description.Trim().Length > MaxDescriptionLength ? $"A description can have at most {MaxDescriptionLength} characters."
        : TextRules.Check(description, "The description")
            ?? (SafeMarkdown.Instance.IsTooDeeplyNested(description) ? SafeMarkdown.NestingMessage("The description") : null);

    private static string? NormalizeColor(string? color) => string.IsNullOrWhiteSpace(color) ? null : color.Trim().ToLowerInvariant();

    private static string Id(Label label) => label.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Marker results of an edit step: audit details to record, or nothing changed.</summary>
    private sealed record EditDetails(object? Value);

    private static readonly EditDetails Unchanged = new((object?)null);

    private static EditDetails Details(object value) => new(value);

    /// <summary>
    /// Loads the label FOR UPDATE (a merge holds the same lock), refuses merged-away labels, applies
    /// <paramref name="edit"/> (which returns a <see cref="Failure"/> or audit details), saves and audits.
    /// </summary>
    private async Task<Outcome<SavedLabel>> EditAsync(string actorId, int labelId, string action, Func<Label, Task<object>> edit, CancellationToken ct)
    {
        Failure? failure = null;
        var result = await InTransactionAsync(async () =>
        {
            var label = await db.Labels.FromSqlRaw("SELECT * FROM labels WHERE id = {0} FOR UPDATE", labelId).SingleOrDefaultAsync(ct);
            if (label is null)
            {
                failure = Failure.NotFound($"There is no label with id {labelId}.");
                return null;
            }
            if (label.MergedIntoId is not null)
            {
                failure = Failure.Conflict($"'{label.Name}' was merged into another label; edit that one, or undo the merge first.");
                return null;
            }
            var outcome = await edit(label);
            if (outcome is Failure refused)
            {
                failure = refused;
                return null;
            }
            if (outcome is EditDetails { Value: { } details })
            {
                audit.Add(actorId, action, "label", Id(label), details);
            }
            await db.SaveChangesAsync(ct);
            return new SavedLabel(label);
        }, ct);
        return result is not null ? result : failure!;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction; a null result rolls it back.</summary>
    private Task<SavedLabel?> InTransactionAsync(Func<Task<SavedLabel?>> work, CancellationToken ct) =>
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
