using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Transcripts;

/// <summary>The messages of one speaker: the same role and the same speaker name (or none).</summary>
/// <param name="Role">Their role now.</param>
/// <param name="Speaker">The speaker name shown next to the role; null for messages with none.</param>
/// <param name="Messages">How many messages.</param>
/// <param name="FirstWords">The start of the first one, to tell speakers apart.</param>
public sealed record SpeakerGroup(string Role, string? Speaker, int Messages, string FirstWords);

/// <param name="TranscriptId">The transcript.</param>
/// <param name="Title">Its title.</param>
/// <param name="Groups">Its speakers, in the order they first speak.</param>
/// <param name="CanEdit">Whether the reader asking may reassign roles (the importer or a moderator); others see the sheet only.</param>
public sealed record SpeakerSheet(long TranscriptId, string Title, IReadOnlyList<SpeakerGroup> Groups, bool CanEdit);

/// <summary>Gives every message of the speaker (<paramref name="Role"/>, <paramref name="Speaker"/>) the role <paramref name="NewRole"/>.</summary>
/// <param name="Role">The speaker's role as the reader saw it.</param>
/// <param name="Speaker">The speaker's name as the reader saw it (null for none).</param>
/// <param name="NewRole">One of <see cref="MessageRoles.All"/>.</param>
public sealed record RoleChange(string Role, string? Speaker, string NewRole);

/// <summary>
/// Reassigning roles per speaker after import, when the importer's guess was wrong (speaker C is the model,
/// not A). Only <see cref="Message.Role"/> changes: no text, block or offset does, so every tagging stays
/// where it was. The content hash stays the hash of the content as imported, so importing the same file
/// again is still recognised as a duplicate. Only the reader who imported the transcript, or a moderator,
/// may do it (any reader may look at who speaks in which role); each change is audited, and the message update moves the page's version (trigger
/// messages_touch_pages), so cached pages show it at once.
/// </summary>
public sealed class SpeakerRoles(AppDbContext db, AuditLog audit)
{
    private const int FirstWordsLength = 120;

    public async Task<Outcome<SpeakerSheet>> GetAsync(long transcriptId, string userId, bool isModerator, CancellationToken ct = default)
    {
        var transcript = await db.Transcripts.AsNoTracking().Where(t => t.Id == transcriptId)
            .Select(t => new { t.Title, t.ImportedById }).SingleOrDefaultAsync(ct);
        if (transcript is null)
        {
            return Failure.NotFound($"There is no transcript {transcriptId}.");
        }
        var messages = await db.Messages.AsNoTracking().Where(m => m.TranscriptId == transcriptId).OrderBy(m => m.Ordinal)
            .Select(m => new
            {
                m.Role,
                m.Speaker,
                First = m.Blocks.OrderBy(b => b.Ordinal).Select(b => b.Text.Substring(0, FirstWordsLength)).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var groups = messages
            .GroupBy(m => (m.Role, m.Speaker))
            .Select(g => new SpeakerGroup(g.Key.Role, g.Key.Speaker, g.Count(), Shorten(g.First().First)))
            .ToList();
        return new SpeakerSheet(transcriptId, transcript.Title, groups, CanEdit: transcript.ImportedById == userId || isModerator);
    }

    /// <summary>
    /// Applies the changes together (so swapping two speakers' roles works), in one transaction with its audit
    /// entry; answers how many messages changed. A speaker that is no longer there (someone changed the roles
    /// meanwhile) is a conflict, and nothing changes.
    /// </summary>
    public async Task<Outcome<int>> ReassignAsync(
        long transcriptId, string userId, bool isModerator, IReadOnlyList<RoleChange> changes, CancellationToken ct = default)
    {
        if (changes.FirstOrDefault(c => !MessageRoles.All.Contains(c.NewRole)) is { } bad)
        {
            return Failure.Invalid($"'{bad.NewRole}' is not a role; use one of {string.Join(", ", MessageRoles.All.Order())}.");
        }
        var byGroup = new Dictionary<(string, string?), string>();
        foreach (var change in changes)
        {
            if (!byGroup.TryAdd((change.Role, NullIfEmpty(change.Speaker)), change.NewRole))
            {
                return Failure.Invalid("Each speaker can be given one role only.");
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Two readers reassigning at once are taken one after the other, each against the roles the other left.
        var owner = await db.Transcripts.FromSqlRaw("SELECT * FROM transcripts WHERE id = {0} FOR UPDATE", transcriptId)
            .Select(t => new { t.ImportedById }).SingleOrDefaultAsync(ct);
        if (owner is null)
        {
            return Failure.NotFound($"There is no transcript {transcriptId}.");
        }
        if (owner.ImportedById != userId && !isModerator)
        {
            return Forbidden();
        }
        var messages = await db.Messages.Where(m => m.TranscriptId == transcriptId).ToListAsync(ct);
        var present = messages.Select(m => (m.Role, m.Speaker)).ToHashSet();
        if (byGroup.Keys.FirstOrDefault(g => !present.Contains(g)) is { Item1: not null } gone)
        {
            return Failure.Conflict($"The speaker {gone.Item2 ?? "without a name"} ({gone.Item1}) is no longer in this transcript: "
                + "someone changed its roles meanwhile. Look at the roles as they are now and try again.");
        }
        var applied = new List<object>();
        foreach (var ((role, speaker), newRole) in byGroup.Where(g => g.Key.Item1 != g.Value))
        {
            var changed = messages.Where(m => m.Role == role && m.Speaker == speaker).ToList();
            applied.Add(new { speaker, from = role, to = newRole, messages = changed.Count });
        }
        var moved = 0;
        foreach (var message in messages)
        {
            if (byGroup.TryGetValue((message.Role, message.Speaker), out var newRole) && newRole != message.Role)
            {
                message.Role = newRole;
                moved++;
            }
        }
        if (moved == 0)
        {
            return 0;
        }
        audit.Add(userId, "transcript.roles", "transcript", transcriptId.ToString(CultureInfo.InvariantCulture), new { changes = applied });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return moved;
    }

    private static Failure Forbidden() =>
        Failure.Forbidden("Only the reader who imported this transcript, or a moderator, can change its speakers' roles.");

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string Shorten(string? text)
    {
        var line = (text ?? "").ReplaceLineEndings(" ").Trim();
        return line.Length < FirstWordsLength ? line : line[..(FirstWordsLength - 1)] + "…";
    }
}
