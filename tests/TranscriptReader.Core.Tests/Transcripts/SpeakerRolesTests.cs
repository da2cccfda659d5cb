using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Tests.Discussion;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Transcripts;

/// <summary>Reassigning roles per speaker on real PostgreSQL: only roles change, taggings stay valid, and only the importer or a moderator may.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class SpeakerRolesTests(TestDatabase database) : IAsyncLifetime
{
    private AppDbContext db = null!;
    private string importer = "";
    private string other = "";
    private long transcript;
    private long tagging;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        db = database.CreateContext();
        importer = await DiscussionSeed.UserAsync(db, "Imogen");
        other = await DiscussionSeed.UserAsync(db, "Otto");
        (transcript, tagging) = await DiscussionSeed.TranscriptWithTaggingAsync(db, importer, "interview");
        var t = await db.Transcripts.SingleAsync(x => x.Id == transcript);
        t.ImportedById = importer;
        // The seeded message is the assistant's reasoning (no speaker); then A (user), C (assistant), A again, and a user turn with no name.
        db.Messages.AddRange(
            Message(1, MessageRoles.User, "A", "Hello, who are you?"),
            Message(2, MessageRoles.Assistant, "C", "I am the interviewer's assistant."),
            Message(3, MessageRoles.User, "A", "Thanks."),
            Message(4, MessageRoles.User, null, "(a note without a speaker)"));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private Message Message(int ordinal, string role, string? speaker, string text) => new()
    {
        TranscriptId = transcript, Ordinal = ordinal, Role = role, Speaker = speaker,
        Blocks = [new Block { TranscriptId = transcript, Kind = BlockKinds.Text, Text = text }],
    };

    private SpeakerRoles Roles(AppDbContext context) => new(context, new AuditLog(context, TimeProvider.System));

    private async Task<List<(int Ordinal, string Role, string? Speaker)>> MessagesAsync()
    {
        await using var read = database.CreateContext();
        return (await read.Messages.Where(m => m.TranscriptId == transcript).OrderBy(m => m.Ordinal)
            .Select(m => new { m.Ordinal, m.Role, m.Speaker }).ToListAsync()).Select(m => (m.Ordinal, m.Role, m.Speaker)).ToList();
    }

    [Fact]
    public async Task Speakers_are_grouped_by_role_and_name_in_the_order_they_first_speak()
    {
        var sheet = (await Roles(db).GetAsync(transcript, importer, isModerator: false)).Value;

        Assert.Equal(
            [(MessageRoles.Assistant, (string?)null, 1), (MessageRoles.User, "A", 2), (MessageRoles.Assistant, "C", 1), (MessageRoles.User, null, 1)],
            sheet.Groups.Select(g => (g.Role, g.Speaker, g.Messages)));
        Assert.Equal("Hello, who are you?", sheet.Groups[1].FirstWords);
    }

    [Fact]
    public async Task Swapping_two_speakers_changes_only_their_roles_and_keeps_text_hash_and_taggings()
    {
        await using var before = database.CreateContext();
        var blocks = await before.Blocks.Where(b => b.TranscriptId == transcript).OrderBy(b => b.Id).Select(b => new { b.Id, b.Text }).ToListAsync();
        var hash = await before.Transcripts.Where(t => t.Id == transcript).Select(t => t.ContentHash).SingleAsync();

        var moved = await Roles(db).ReassignAsync(transcript, importer, false,
            [new RoleChange(MessageRoles.User, "A", MessageRoles.Assistant), new RoleChange(MessageRoles.Assistant, "C", MessageRoles.User)]);

        Assert.Equal(3, moved.Value);
        Assert.Equal(
            [(0, MessageRoles.Assistant, (string?)null), (1, MessageRoles.Assistant, "A"), (2, MessageRoles.User, "C"), (3, MessageRoles.Assistant, "A"), (4, MessageRoles.User, null)],
            await MessagesAsync());
        await using var after = database.CreateContext();
        Assert.Equal(blocks.Select(b => (b.Id, b.Text)),
            (await after.Blocks.Where(b => b.TranscriptId == transcript).OrderBy(b => b.Id).Select(b => new { b.Id, b.Text }).ToListAsync()).Select(b => (b.Id, b.Text)));
        Assert.Equal(hash, await after.Transcripts.Where(t => t.Id == transcript).Select(t => t.ContentHash).SingleAsync());
        var tag = await after.Taggings.SingleAsync(t => t.Id == tagging);
        var text = await after.Blocks.Where(b => b.Id == tag.BlockId).Select(b => b.Text).SingleAsync();
        Assert.Equal(tag.Quote, text[tag.Start..tag.End]);
        var audit = await after.AuditEntries.SingleAsync(a => a.Action == "transcript.roles");
        Assert.Equal((importer, transcript.ToString(System.Globalization.CultureInfo.InvariantCulture)), (audit.ActorId, audit.TargetId));
        Assert.Contains("\"speaker\": \"A\"", audit.DetailsJson);
    }

    [Fact]
    public async Task Speakers_without_a_name_are_told_apart_by_role_so_they_can_be_swapped_too()
    {
        var moved = await Roles(db).ReassignAsync(transcript, importer, false,
            [new RoleChange(MessageRoles.Assistant, null, MessageRoles.User), new RoleChange(MessageRoles.User, "", MessageRoles.Assistant)]);

        Assert.Equal(2, moved.Value);
        var messages = await MessagesAsync();
        Assert.Equal(MessageRoles.User, messages[0].Role);
        Assert.Equal(MessageRoles.Assistant, messages[4].Role);
    }

    [Fact]
    public async Task Only_the_importer_or_a_moderator_may_reassign()
    {
        var change = new[] { new RoleChange(MessageRoles.User, "A", MessageRoles.Assistant) };

        Assert.False((await Roles(db).GetAsync(transcript, other, false)).Value.CanEdit);
        Assert.True((await Roles(db).GetAsync(transcript, importer, false)).Value.CanEdit);
        Assert.Equal(FailureKind.Forbidden, (await Roles(db).ReassignAsync(transcript, other, false, change)).Failure?.Kind);
        Assert.Equal(2, (await Roles(db).ReassignAsync(transcript, other, isModerator: true, change)).Value);
        Assert.Equal(FailureKind.NotFound, (await Roles(db).GetAsync(transcript + 1000, importer, true)).Failure?.Kind);
    }

    [Fact]
    public async Task A_speaker_that_changed_meanwhile_is_a_conflict_and_nothing_changes()
    {
        await Roles(db).ReassignAsync(transcript, importer, false, [new RoleChange(MessageRoles.User, "A", MessageRoles.Assistant)]);
        var before = await MessagesAsync();

        await using var stale = database.CreateContext();
        var outcome = await Roles(stale).ReassignAsync(transcript, importer, false,
            [new RoleChange(MessageRoles.Assistant, "C", MessageRoles.User), new RoleChange(MessageRoles.User, "A", MessageRoles.System)]);

        Assert.Equal(FailureKind.Conflict, outcome.Failure?.Kind);
        Assert.Equal(before, await MessagesAsync());
    }

    [Fact]
    public async Task An_unknown_role_is_refused()
    {
        var outcome = await Roles(db).ReassignAsync(transcript, importer, false, [new RoleChange(MessageRoles.User, "A", "narrator")]);

        Assert.Equal(FailureKind.Invalid, outcome.Failure?.Kind);
        Assert.Contains("narrator", outcome.Failure!.Message);
    }
}
