using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Tests.Discussion;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Database;

/// <summary>
/// The page-version triggers (Sql/Triggers/*_touch_page*.sql and *_bump_page_epoch.sql in the migrations
/// project), which every cached transcript page relies on: each write that changes what a transcript page
/// shows moves that transcript's version (and no other), and label or name changes move the epoch shared by
/// all pages. Writes here are plain SQL, so the triggers alone are tested.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class PageVersionTests(TestDatabase database) : IAsyncLifetime
{
    private AppDbContext db = null!;
    private string ada = "";
    private long transcript;
    private long tagging;
    private long other;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        db = database.CreateContext();
        ada = await DiscussionSeed.UserAsync(db, "Ada");
        (transcript, tagging) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada, "watched");
        (other, _) = await DiscussionSeed.TranscriptWithTaggingAsync(db, ada, "bystander");
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private async Task<(long Watched, long Bystander, long Epoch)> VersionsAsync()
    {
        await using var read = database.CreateContext();
        // The version the page reads: the transcript row's plus its slots' (Functions/transcript_page_version.sql).
        var watched = await read.Database.SqlQueryRaw<long>("SELECT transcript_page_version({0}) AS \"Value\"", transcript).SingleAsync();
        var bystander = await read.Database.SqlQueryRaw<long>("SELECT transcript_page_version({0}) AS \"Value\"", other).SingleAsync();
        var epoch = await read.PageEpochs.Select(e => e.Value).SingleAsync();
        return (watched, bystander, epoch);
    }

    private Task ExecAsync(string sql) => db.Database.ExecuteSqlRawAsync(sql);

    public static TheoryData<string, string> TranscriptWrites => new()
    {
        { "tagging added", "INSERT INTO taggings (transcript_id, block_id, label_id, user_id, start, \"end\", quote, prefix, suffix, applied_label_name, created_at, comments_locked) SELECT transcript_id, block_id, label_id, user_id, 1, 5, 'f I ', '', '', applied_label_name, now(), false FROM taggings WHERE id = {tagging}" },
        { "tagging relabelled", "UPDATE taggings SET applied_label_name = 'renamed' WHERE id = {tagging}" },
        { "tagging deleted", "DELETE FROM taggings WHERE id = {tagging}" },
        { "vote cast", "INSERT INTO votes (tagging_id, user_id, value, created_at) VALUES ({tagging}, '{ada}', 1, now())" },
        { "comment on the tagging", "INSERT INTO comments (tagging_id, author_id, body, created_at) VALUES ({tagging}, '{ada}', 'hm', now())" },
        { "comment on the transcript", "INSERT INTO comments (transcript_id, author_id, body, created_at) VALUES ({transcript}, '{ada}', 'hm', now())" },
        { "transcript locked", "UPDATE transcripts SET comments_locked = true WHERE id = {transcript}" },
        { "done mark added", "INSERT INTO done_marks (transcript_id, user_id, marked_at) VALUES ({transcript}, '{ada}', now())" },
        { "speaker's role reassigned", "UPDATE messages SET role = 'system' WHERE transcript_id = {transcript}" },
    };

    [Theory]
    [MemberData(nameof(TranscriptWrites))]
    public async Task A_write_to_what_a_transcript_page_shows_moves_that_transcripts_version_only(string what, string sql)
    {
        var before = await VersionsAsync();

        await ExecAsync(sql.Replace("{tagging}", tagging.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{transcript}", transcript.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{ada}", ada, StringComparison.Ordinal));

        var after = await VersionsAsync();
        Assert.True(after.Watched > before.Watched, $"{what}: version {before.Watched} -> {after.Watched}");
        Assert.Equal(before.Bystander, after.Bystander);
        Assert.Equal(before.Epoch, after.Epoch);
    }

    [Fact]
    public async Task Changing_and_removing_a_vote_or_hiding_a_comment_move_the_version_too()
    {
        await ExecAsync($"INSERT INTO votes (tagging_id, user_id, value, created_at) VALUES ({tagging}, '{ada}', 1, now())");
        await ExecAsync($"INSERT INTO comments (tagging_id, author_id, body, created_at) VALUES ({tagging}, '{ada}', 'hm', now())");
        foreach (var sql in new[]
        {
            $"UPDATE votes SET value = -1 WHERE tagging_id = {tagging}",
            $"DELETE FROM votes WHERE tagging_id = {tagging}",
            $"UPDATE comments SET hidden_at = now() WHERE tagging_id = {tagging}",
        })
        {
            var before = await VersionsAsync();
            await ExecAsync(sql);
            Assert.True((await VersionsAsync()).Watched > before.Watched, sql);
        }
    }

    [Fact]
    public async Task Undoing_a_done_mark_moves_the_version_and_marking_twice_does_not()
    {
        var mark = $"INSERT INTO done_marks (transcript_id, user_id, marked_at) VALUES ({transcript}, '{ada}', now()) ON CONFLICT DO NOTHING";
        await ExecAsync(mark);
        var marked = await VersionsAsync();
        await ExecAsync(mark);
        Assert.Equal(marked, await VersionsAsync());
        await ExecAsync($"DELETE FROM done_marks WHERE transcript_id = {transcript}");
        var undone = await VersionsAsync();
        Assert.True(undone.Watched > marked.Watched);
        Assert.Equal((marked.Bystander, marked.Epoch), (undone.Bystander, undone.Epoch));
    }

    [Fact]
    public async Task A_vote_carries_its_taggings_transcript_whatever_the_insert_says()
    {
        await ExecAsync($"INSERT INTO votes (tagging_id, user_id, value, created_at, transcript_id) VALUES ({tagging}, '{ada}', 1, now(), {other})");

        Assert.Equal(transcript, await db.Votes.Where(v => v.TaggingId == tagging).Select(v => v.TranscriptId).SingleAsync());
    }

    public static TheoryData<string, string> SharedWrites => new()
    {
        { "label created", "INSERT INTO labels (name, normalized_name, color, description, created_at) VALUES ('new', 'new', '#000000', '', now())" },
        { "label renamed", "UPDATE labels SET name = 'other name' WHERE id = (SELECT min(id) FROM labels)" },
        { "alias added", "INSERT INTO label_aliases (label_id, alias, normalized_alias, created_at) SELECT min(id), 'an alias', 'an alias', now() FROM labels" },
        { "reader renamed", "UPDATE \"AspNetUsers\" SET user_name = 'Ada L.' WHERE id = '{ada}'" },
    };

    [Theory]
    [MemberData(nameof(SharedWrites))]
    public async Task Label_and_name_changes_move_the_epoch_that_every_page_shares(string what, string sql)
    {
        var before = await VersionsAsync();

        await ExecAsync(sql.Replace("{ada}", ada, StringComparison.Ordinal));

        Assert.True((await VersionsAsync()).Epoch > before.Epoch, what);
    }

    [Fact]
    public async Task A_sign_in_that_rewrites_the_user_row_without_a_new_name_leaves_the_epoch_alone()
    {
        var before = await VersionsAsync();

        await ExecAsync($"UPDATE \"AspNetUsers\" SET user_name = user_name, access_failed_count = access_failed_count + 1 WHERE id = '{ada}'");

        Assert.Equal(before.Epoch, (await VersionsAsync()).Epoch);
    }

    [Fact]
    public async Task A_merge_and_its_undo_move_the_epoch_and_leave_transcript_versions_to_it()
    {
        var moderator = await DiscussionSeed.UserAsync(db, "Mod");
        var labels = await db.Labels.OrderBy(l => l.Id).Select(l => l.Id).ToListAsync();
        var merger = new LabelMerger(db, new AuditLog(db, TimeProvider.System), TimeProvider.System, NullLogger<LabelMerger>.Instance);
        var before = await VersionsAsync();

        var merge = await merger.MergeAsync(moderator, [labels[0]], labels[1]);
        Assert.True(merge.Ok, merge.Failure?.Message);
        var merged = await VersionsAsync();
        var undo = await merger.UndoAsync(moderator, merge.Value.MergeId);
        Assert.True(undo.Ok, undo.Failure?.Message);
        var undone = await VersionsAsync();

        Assert.True(merged.Epoch > before.Epoch && undone.Epoch > merged.Epoch, $"epoch {before.Epoch} -> {merged.Epoch} -> {undone.Epoch}");
        Assert.Equal((before.Watched, before.Bystander), (undone.Watched, undone.Bystander));
    }

    [Fact]
    public async Task Concurrent_writers_on_one_transcript_do_not_wait_for_each_other_and_each_commit_moves_the_version()
    {
        // Before page_version_slots every write updated the transcript row, so the second writer waited for the first
        // one's commit (here: its lock_timeout fired).
        var vote = $"INSERT INTO votes (tagging_id, user_id, value, created_at) VALUES ({tagging}, '{ada}', 1, now())";
        var comment = $"INSERT INTO comments (tagging_id, author_id, body, created_at) VALUES ({tagging}, '{ada}', 'meanwhile', now())";
        var before = await VersionsAsync();
        await using var first = database.CreateContext();
        await using var second = database.CreateContext();
        await using var firstTx = await first.Database.BeginTransactionAsync();
        await first.Database.ExecuteSqlRawAsync(vote);
        await using (var secondTx = await second.Database.BeginTransactionAsync())
        {
            await second.Database.ExecuteSqlRawAsync("SET LOCAL lock_timeout = '3s'");
            await second.Database.ExecuteSqlRawAsync(comment);
            await secondTx.CommitAsync();
        }
        var afterSecond = await VersionsAsync();
        await firstTx.CommitAsync();
        var afterBoth = await VersionsAsync();

        Assert.True(afterSecond.Watched > before.Watched, $"{before.Watched} -> {afterSecond.Watched}");
        // The first writer committed last but its write was not yet seen: the version must move again.
        Assert.True(afterBoth.Watched > afterSecond.Watched, $"{afterSecond.Watched} -> {afterBoth.Watched}");
        Assert.Equal(2, await db.PageVersionSlots.CountAsync(v => v.TranscriptId == transcript));
    }

    [Fact]
    public async Task Versions_are_never_reused_even_when_a_restore_sets_them_back()
    {
        var first = await VersionsAsync();
        var slots = await db.PageVersionSlots.AsNoTracking().Where(s => s.TranscriptId == transcript).ToListAsync();
        await ExecAsync($"INSERT INTO votes (tagging_id, user_id, value, created_at) VALUES ({tagging}, '{ada}', 1, now())");
        var second = await VersionsAsync();
        // As if the database were restored from a backup taken before the vote (which moved a slot, not the transcript row).
        await ExecAsync($"DELETE FROM votes; "
            + $"DELETE FROM page_version_slots WHERE transcript_id = {transcript}; "
            + string.Concat(slots.Select(s => $"INSERT INTO page_version_slots VALUES ({s.TranscriptId}, {s.Slot}, {s.Version}); ")));
        var restored = await VersionsAsync();
        await ExecAsync($"INSERT INTO votes (tagging_id, user_id, value, created_at) VALUES ({tagging}, '{ada}', -1, now())");

        var third = await VersionsAsync();
        Assert.Equal(first.Watched, restored.Watched);
        Assert.True(third.Watched > second.Watched, $"{first.Watched} -> {second.Watched}, restored, -> {third.Watched}");
        // Microsecond timestamps, so a version is also later than any given before this test ran.
        Assert.True(third.Watched > DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds() * 1000);
    }
}
