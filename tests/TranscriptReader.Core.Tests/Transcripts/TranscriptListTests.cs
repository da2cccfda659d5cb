using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Tests.Support;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Transcripts;

/// <summary>
/// The transcript list's kept comment counts and its cost: a page reads about a page of transcripts and blocks,
/// whatever the number of matches (issue 18), checked on PostgreSQL's executed plan of every command it sends.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class TranscriptListTests(TestDatabase database) : IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>1,200 transcripts of two blocks each, every block with "goal", two with "zebra"; one tagging on the newest.</summary>
    private async Task SeedAsync()
    {
        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "AspNetUsers" (id, user_name, normalized_user_name, email_confirmed, phone_number_confirmed, two_factor_enabled,
              lockout_enabled, access_failed_count, created_at, security_stamp)
            VALUES ('u1', 'ada', 'ADA', true, false, false, false, 0, now(), 'x');
            INSERT INTO transcripts (title, source, format, metadata, imported_at, content_hash, char_count, comments_locked, last_activity_at)
            SELECT 'bulk ' || g, 'bulk.txt', 'text', '{{}}', now() - make_interval(secs => g), md5('bulk' || g), 10, false, now()
            FROM generate_series(1, 1200) g;
            INSERT INTO messages (transcript_id, ordinal, role) SELECT id, 0, 'assistant' FROM transcripts;
            INSERT INTO blocks (message_id, transcript_id, ordinal, kind, text)
            SELECT m.id, m.transcript_id, k, 'text', CASE WHEN m.transcript_id % 600 = 0 AND k = 1 THEN 'a zebra and a goal' ELSE 'the goal of training' END
            FROM messages m CROSS JOIN generate_series(0, 1) k;
            INSERT INTO labels (name, normalized_name, color, description, created_at) VALUES ('x', 'x', '#e8a33d', '', now());
            INSERT INTO taggings (block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix, created_at, comments_locked)
            SELECT b.id, b.transcript_id, (SELECT id FROM labels), 'x', 'u1', 0, 3, 'the', '', '', now(), false
            FROM blocks b WHERE b.transcript_id = (SELECT min(id) FROM transcripts) AND b.ordinal = 0;
            ANALYZE;
            """);
    }

    [Fact]
    public async Task Comment_counts_follow_new_hidden_deleted_comments_and_deleted_taggings()
    {
        await SeedAsync();
        await using var db = database.CreateContext();
        var tagging = await db.Taggings.SingleAsync();
        var transcript = tagging.TranscriptId;
        db.Comments.AddRange(
            new TranscriptReader.Core.Discussion.Comment { TranscriptId = transcript, AuthorId = "u1", Body = "on the transcript" },
            new TranscriptReader.Core.Discussion.Comment { TaggingId = tagging.Id, AuthorId = "u1", Body = "on the tag" },
            new TranscriptReader.Core.Discussion.Comment { TaggingId = tagging.Id, AuthorId = "u1", Body = "also on the tag" },
            new TranscriptReader.Core.Discussion.Comment { TranscriptId = transcript, AuthorId = "u1", Body = "gone", DeletedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        // One cache for every read, as the app has: a count cached under a version a write did not move would fail here.
        using var figures = new TranscriptListCache();
        async Task<int> CommentsAsync() =>
            (await new TranscriptList(db, figures).ReadAsync(new TranscriptListFilter(null, null, null, null, null, null, false), new TranscriptListPosition(1, null, null)))
            .Rows.Single(r => r.Id == transcript).Comments;

        Assert.Equal(3, await CommentsAsync());
        await db.Comments.Where(c => c.Body == "also on the tag").ExecuteUpdateAsync(u => u.SetProperty(c => c.HiddenAt, DateTimeOffset.UtcNow));
        Assert.Equal(2, await CommentsAsync());
        await db.Comments.Where(c => c.Body == "gone").ExecuteUpdateAsync(u => u.SetProperty(c => c.DeletedAt, (DateTimeOffset?)null));
        Assert.Equal(3, await CommentsAsync());
        await db.Taggings.Where(t => t.Id == tagging.Id).ExecuteDeleteAsync();
        Assert.Equal(2, await CommentsAsync());
        Assert.Empty(await db.TaggingCommentCounts.ToListAsync());
    }

    [Fact]
    public async Task Cached_figures_follow_new_and_deleted_taggings_and_done_marks()
    {
        await SeedAsync();
        await using var db = database.CreateContext();
        using var figures = new TranscriptListCache();
        var list = new TranscriptList(db, figures);
        var tagging = await db.Taggings.AsNoTracking().SingleAsync();
        async Task<TranscriptListRow> RowAsync() =>
            (await list.ReadAsync(new TranscriptListFilter(null, null, null, null, null, "u1", false), new TranscriptListPosition(1, null, null)))
            .Rows.Single(r => r.Id == tagging.TranscriptId);

        Assert.Equal((1, 0, false, 1), await FiguresOf());
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO taggings (block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix, created_at, comments_locked)
            SELECT block_id, transcript_id, label_id, 'x', 'u1', 4, 8, 'goal', '', '', now(), false FROM taggings
            """);
        Assert.Equal((2, 0, false, 1), await FiguresOf());
        await db.Database.ExecuteSqlRawAsync("INSERT INTO done_marks (transcript_id, user_id, marked_at) VALUES ({0}, 'u1', now())", tagging.TranscriptId);
        Assert.Equal((2, 1, true, 1), await FiguresOf());
        await db.Taggings.Where(t => t.Id == tagging.Id).ExecuteDeleteAsync();
        await db.DoneMarks.ExecuteDeleteAsync();
        Assert.Equal((1, 0, false, 1), await FiguresOf());

        async Task<(int Taggings, int Done, bool Mine, int Messages)> FiguresOf()
        {
            var row = await RowAsync();
            return (row.Taggings, row.Done, row.DoneByMe, row.Messages);
        }
    }

    [Fact]
    public async Task An_estimate_is_asked_once_per_filter_whatever_the_sort_and_page()
    {
        using var figures = new TranscriptListCache();
        var asked = 0;
        Task<long> Estimate()
        {
            asked++;
            return Task.FromResult(1500L);
        }
        var goal = new TranscriptListFilter("goal", null, null, null, null, null, false);
        Assert.Equal(1500, await figures.EstimateAsync(goal, Estimate));
        await figures.EstimateAsync(goal with { Sort = "title", Reader = "u1" }, Estimate);
        Assert.Equal(1, asked);
        await figures.EstimateAsync(goal with { Q = "zebra" }, Estimate);
        await figures.EstimateAsync(goal with { Reader = "u1", NotDoneByReader = true }, Estimate);
        await figures.EstimateAsync(goal with { Reader = "u2", NotDoneByReader = true }, Estimate);
        Assert.Equal(4, asked);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("goal")]
    [InlineData("zebra")]
    public async Task A_page_reads_about_a_page_of_rows_however_many_match(string? q)
    {
        await SeedAsync();
        var recorder = new PlanRecorder();
        TranscriptListPage page;
        await using (var db = recorder.CreateContext(database))
        {
            using var figures = new TranscriptListCache();
            var list = new TranscriptList(db, figures);
            var filter = new TranscriptListFilter(q, null, null, null, null, null, false);
            page = await list.ReadAsync(filter, new TranscriptListPosition(1, null, null));
            await list.ReadAsync(filter, new TranscriptListPosition(2, page.Rows.Count > 0 ? page.Rows[^1].Id : null, null));
        }
        Assert.Equal(q == "zebra" ? 2 : 50, page.Rows.Count);
        Assert.Equal(q != "zebra", page.Count is { IsExact: false });
        foreach (var (sql, reads) in await recorder.ReadsAsync(database))
        {
            // 2,400 blocks match "goal": a plan that reads them all fails here. Transcripts are not bounded: on a
            // table this small the planner reads all 1,200 titles for the title arm instead of the trigram index.
            var read = reads.Where(r => r.Relation is "blocks").ToList();
            Assert.True(read.All(r => r.Rows <= 3 * (TranscriptList.PageSize + 1)), $"{string.Join(", ", read)} in\n{sql}");
        }
        // Statements the app repeats are prepared, and PostgreSQL may plan one once for any values (plan_cache_mode
        // auto): the search must still be planned for its word, so the statement carries it as a literal.
        if (q is not null)
        {
            Assert.All(recorder.Commands, c => Assert.DoesNotContain(c.Parameters, p => p.Value is string v && v.Contains(q, StringComparison.Ordinal)));
            Assert.Contains(recorder.Commands, c => c.Sql.Contains($"websearch_to_tsquery('english', '{q}')", StringComparison.Ordinal));
        }
        foreach (var (sql, reads) in await recorder.GenericPlanReadsAsync(database))
        {
            var read = reads.Where(r => r.Relation is "blocks").ToList();
            Assert.True(read.All(r => r.Rows <= 3 * (TranscriptList.PageSize + 1)), $"generic plan: {string.Join(", ", read)} in\n{sql}");
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("goal")]
    public async Task A_collections_page_lists_its_own_and_its_added_transcripts_in_order(string? q)
    {
        await SeedAsync();
        int older;
        await using (var db = database.CreateContext())
        {
            var collections = new[] { new Collection { Name = "older" }, new Collection { Name = "newer" } };
            db.Collections.AddRange(collections);
            await db.SaveChangesAsync();
            older = collections[0].Id;
            // The 600 newest transcripts are in "newer"; the newest of them was also added to "older" by a later import.
            await db.Database.ExecuteSqlAsync($"""
                UPDATE transcripts SET collection_id = CASE WHEN title::text IN (SELECT 'bulk ' || g FROM generate_series(1, 600) g) THEN {collections[1].Id} ELSE {older} END;
                INSERT INTO collection_members (collection_id, transcript_id, added_at) SELECT {older}, id, now() FROM transcripts WHERE title = 'bulk 1';
                """);
            // As autovacuum would after the update: the indexes hold every row twice until then.
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE transcripts");
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE collection_members");
        }
        // The collection's own transcripts and those added to it are two parts of the statement, put together in order.
        TranscriptListPage page;
        await using (var db = database.CreateContext())
        {
            using var figures = new TranscriptListCache();
            var list = new TranscriptList(db, figures);
            page = await list.ReadAsync(new TranscriptListFilter(q, older, null, null, null, null, false), new TranscriptListPosition(1, null, null));
        }
        Assert.Equal(50, page.Rows.Count);
        Assert.Equal(["bulk 1", "bulk 601", "bulk 602"], page.Rows.Take(3).Select(r => r.Title));
        // Counted over both parts, which are disjoint: each transcript once.
        Assert.Equal(new TranscriptListCount(601, true, false), page.Count);
    }
}
