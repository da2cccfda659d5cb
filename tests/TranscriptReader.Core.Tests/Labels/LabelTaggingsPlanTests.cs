using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Tests.Support;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Labels;

/// <summary>
/// The label page's list of taggings costs its page, not the instance (issue 18): the titles and reader names of
/// fifty taggings are read for those fifty, checked on PostgreSQL's executed plan of every command.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class LabelTaggingsPlanTests(TestDatabase database) : IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_page_of_taggings_reads_the_titles_and_names_of_its_rows_only()
    {
        int label;
        await using (var db = database.CreateContext())
        {
            // 1,200 transcripts with one tagging each, all under one label, by one reader.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "AspNetUsers" (id, user_name, normalized_user_name, email_confirmed, phone_number_confirmed, two_factor_enabled,
                  lockout_enabled, access_failed_count, created_at, security_stamp)
                VALUES ('u1', 'ada', 'ADA', true, false, false, false, 0, now(), 'x');
                INSERT INTO transcripts (title, source, format, metadata, imported_at, content_hash, char_count, comments_locked, last_activity_at)
                SELECT 'bulk ' || g, 'bulk.txt', 'text', '{{}}', now(), md5('bulk' || g), 10, false, now()
                FROM generate_series(1, 1200) g;
                INSERT INTO messages (transcript_id, ordinal, role) SELECT id, 0, 'assistant' FROM transcripts;
                INSERT INTO blocks (message_id, transcript_id, ordinal, kind, text) SELECT id, transcript_id, 0, 'text', 'the goal of training' FROM messages;
                INSERT INTO labels (name, normalized_name, color, description, created_at) VALUES ('goal guarding', 'goal guarding', '#e8a33d', '', now());
                INSERT INTO taggings (block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix, created_at, comments_locked)
                SELECT b.id, b.transcript_id, (SELECT id FROM labels), 'goal guarding', 'u1', 4, 8, 'goal', '', '', now() - make_interval(secs => b.id::int), false
                FROM blocks b;
                ANALYZE;
                """);
            label = await db.Labels.Select(l => l.Id).SingleAsync();
        }
        var recorder = new PlanRecorder();
        await using (var db = recorder.CreateContext(database))
        {
            var taggings = new LabelTaggings(db);
            var first = await taggings.PageAsync([label], null, null, 50);
            var second = await taggings.PageAsync([label], first.Older, null, 50);
            Assert.Equal(50, first.Rows.Count);
            Assert.Equal(50, second.Rows.Count);
            Assert.All(first.Rows, r => Assert.Equal("ada", r.Reader));
            Assert.Equal(100, first.Rows.Concat(second.Rows).Select(r => r.TranscriptTitle).Distinct().Count());
        }
        foreach (var (sql, reads) in await recorder.ReadsAsync(database))
        {
            var read = reads.Where(r => r.Relation is "transcripts" or "taggings").ToList();
            Assert.True(read.All(r => r.Rows <= 3 * 51), $"{string.Join(", ", read)} in\n{sql}");
        }
    }
}
