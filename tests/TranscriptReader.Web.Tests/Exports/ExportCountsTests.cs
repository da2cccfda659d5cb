using Microsoft.EntityFrameworkCore;
using Npgsql;
using TranscriptReader.Core.Exports;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Exports.ExportTestSupport;

namespace TranscriptReader.Web.Tests.Exports;

/// <summary>The export queries against an independent computation over the same seeded tables.</summary>
[Collection(WebCollection.Name)]
public sealed class ExportCountsTests(AppFactory app) : IAsyncLifetime
{
    private ExportSeed seed = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await using var db = app.CreateDbContext();
        seed = await ExportSeed.CreateAsync(db);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private sealed record Fact(long Id, long TranscriptId, string UserId, int Label, int Agrees, int Disputes, string Kind, DateTimeOffset CreatedAt)
    {
        public string Status => TaggingStatus.SqlName(TaggingStatus.Of(Agrees, Disputes));
    }

    /// <summary>
    /// One row per tagging, written without the export's CTEs: canonical label as COALESCE over one
    /// merge hop (the seed has no chains), votes as correlated subqueries, aggregation in C#.
    /// </summary>
    private async Task<List<Fact>> FactsAsync()
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT t.id, t.transcript_id, t.user_id, COALESCE(lab.merged_into_id, lab.id),
                   (SELECT count(*) FROM votes v WHERE v.tagging_id = t.id AND v.value = 1)::int,
                   (SELECT count(*) FROM votes v WHERE v.tagging_id = t.id AND v.value = -1)::int,
                   (SELECT b.kind FROM blocks b WHERE b.id = t.block_id), t.created_at
            FROM taggings t, labels lab
            WHERE lab.id = t.label_id
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var facts = new List<Fact>();
        while (await reader.ReadAsync())
        {
            facts.Add(new Fact(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3),
                reader.GetInt32(4), reader.GetInt32(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return facts;
    }

    private static void AssertCountsMatch(IEnumerable<Fact> facts, IReadOnlyList<LabelCountRow> rows)
    {
        foreach (var row in rows)
        {
            var mine = facts.Where(f => f.Label == row.LabelId).ToList();
            Assert.Equal(mine.Count, row.Taggings);
            Assert.Equal(mine.Select(f => f.TranscriptId).Distinct().Count(), row.Transcripts);
            Assert.Equal(mine.Select(f => f.UserId).Distinct().Count(), row.Readers);
            Assert.Equal(mine.Sum(f => f.Agrees), row.AgreeVotes);
            Assert.Equal(mine.Sum(f => f.Disputes), row.DisputeVotes);
            Assert.Equal(mine.Count(f => f.Status == "accepted"), row.Accepted);
            Assert.Equal(mine.Count(f => f.Status == "contested"), row.Contested);
            Assert.Equal(mine.Count(f => f.Status == "proposed"), row.Proposed);
        }
    }

    private async Task<List<LabelCountRow>> CountsAsync(ExportQuery query)
    {
        var filter = await FilterAsync(app, query);
        return await RunAsync(app, s => s.LabelCountsAsync(filter));
    }

    [Fact]
    public async Task Label_counts_match_an_independent_query_and_count_merged_names_under_the_target()
    {
        var rows = await RunAsync(app, s => s.LabelCountsAsync(new ExportFilter()));
        var facts = await FactsAsync();

        // Only canonical labels are listed; the merged-away "Goal-guarding" is an alias of its target.
        Assert.Equal(["goal guarding", "sycophancy"], rows.Select(r => r.Label));
        AssertCountsMatch(facts, rows);
        var target = rows[0];
        Assert.Equal("Goal-guarding", target.Aliases);
        Assert.Equal((5, 3, 3, 3, 1, 1, 1, 3), (target.Taggings, target.Transcripts, target.Readers, target.AgreeVotes,
            target.DisputeVotes, target.Accepted, target.Contested, target.Proposed));
        Assert.Equal((3, 2, 2), (rows[1].Taggings, rows[1].Transcripts, rows[1].Readers));
    }

    [Fact]
    public async Task Label_transcript_rows_match_an_independent_query()
    {
        var rows = await RunAsync(app, s => s.LabelTranscriptsAsync(new ExportFilter()));
        var expected = (await FactsAsync())
            .GroupBy(f => (f.TranscriptId, f.Label))
            .Select(g => (g.Key.TranscriptId, g.Key.Label, Taggings: (long)g.Count(), Readers: (long)g.Select(f => f.UserId).Distinct().Count()))
            .OrderBy(x => x).ToList();
        Assert.Equal(expected, rows.Select(r => (r.TranscriptId, r.LabelId, r.Taggings, r.Readers)).OrderBy(x => x).ToList());
        var t1 = rows.Single(r => r.TranscriptId == seed.Transcripts["t1"].Id && r.Label == "goal guarding");
        Assert.Equal(("free tier", "claude-3-opus", 3L, 3L), (t1.Collection, t1.Model, t1.Taggings, t1.Readers));
    }

    [Fact]
    public async Task Pivot_counts_untagged_transcripts_in_the_denominator_and_matches_known_wilson_intervals()
    {
        var filter = await FilterAsync(app, new ExportQuery { Key = "is_free_tier_user" }, pivot: true);
        var rows = await RunAsync(app, s => s.PivotAsync(filter));

        var gg = rows.Where(r => r.Label == "goal guarding").ToDictionary(r => r.Value ?? "(none)");
        Assert.Equal((3L, 2L), (gg["true"].Transcripts, gg["true"].TranscriptsTagged));
        Assert.Equal((2L, 1L), (gg["false"].Transcripts, gg["false"].TranscriptsTagged));
        Assert.Equal((1L, 0L), (gg["(none)"].Transcripts, gg["(none)"].TranscriptsTagged));
        Assert.Equal(2.0 / 3, gg["true"].Fraction, 12);
        // Wilson 95 % for 2/3, 1/2 and 0/2 (published values, e.g. Newcombe 1998 / epitools).
        Assert.Equal(0.20766, gg["true"].WilsonLow, 1e-5);
        Assert.Equal(0.93851, gg["true"].WilsonHigh, 1e-5);
        Assert.Equal(0.09453, gg["false"].WilsonLow, 1e-5);
        Assert.Equal(0.90547, gg["false"].WilsonHigh, 1e-5);
        var syFalse = rows.Single(r => r.Label == "sycophancy" && r.Value == "false");
        Assert.Equal((2L, 0L, 0.0, 0.0), (syFalse.Transcripts, syFalse.TranscriptsTagged, syFalse.Fraction, syFalse.WilsonLow));
        Assert.Equal(0.65762, syFalse.WilsonHigh, 1e-5);
        Assert.Equal(6, rows.Count);
    }

    [Fact]
    public async Task Pivot_by_collection_and_model_use_the_columns_and_agree_with_an_independent_count()
    {
        var byCollection = await RunAsync(app, s => s.PivotAsync(new ExportFilter { PivotKey = "collection" }));
        var free = byCollection.Single(r => r.Value == "free tier" && r.Label == "sycophancy");
        Assert.Equal((3L, 2L), (free.Transcripts, free.TranscriptsTagged));
        Assert.Equal(1L, byCollection.Single(r => r.Value is null && r.Label == "sycophancy").Transcripts);

        var byModel = await RunAsync(app, s => s.PivotAsync(new ExportFilter { PivotKey = "model" }));
        var facts = await FactsAsync();
        await using var db = app.CreateDbContext();
        var models = await db.Transcripts.ToDictionaryAsync(t => t.Id, t => t.Model);
        foreach (var row in byModel)
        {
            var group = models.Where(m => m.Value == row.Value).Select(m => m.Key).ToHashSet();
            Assert.Equal(group.Count, row.Transcripts);
            Assert.Equal(facts.Where(f => f.Label == row.LabelId && group.Contains(f.TranscriptId)).Select(f => f.TranscriptId).Distinct().Count(),
                row.TranscriptsTagged);
            var (low, high) = Wilson.Interval((int)row.TranscriptsTagged, (int)row.Transcripts);
            Assert.Equal((low, high), (row.WilsonLow, row.WilsonHigh));
        }
        Assert.Equal(4L, byModel.First(r => r.Value == "claude-3-opus").Transcripts);
    }

    [Fact]
    public async Task Block_kind_status_date_reader_and_label_filters_narrow_the_counts()
    {
        var facts = await FactsAsync();
        async Task Check(ExportQuery query, Func<Fact, bool> keep)
        {
            AssertCountsMatch(facts.Where(keep), await CountsAsync(query));
        }

        await Check(new ExportQuery { BlockKind = "reasoning" }, f => f.Kind == "reasoning");
        await Check(new ExportQuery { Status = "accepted" }, f => f.Status == "accepted");
        await Check(new ExportQuery { From = "2026-01-01", To = "2026-01-31" }, f => f.CreatedAt < ExportSeed.March);
        await Check(new ExportQuery { Readers = ["ada"] }, f => f.UserId == seed.Users["ada"].Id);
        await Check(new ExportQuery { Collection = "paid tier" }, f => f.TranscriptId == seed.Transcripts["t4"].Id);

        var reasoning = await CountsAsync(new ExportQuery { BlockKind = "reasoning" });
        Assert.Equal(1, reasoning.Single(r => r.Label == "sycophancy").Taggings);
        var accepted = await CountsAsync(new ExportQuery { Status = "accepted" });
        Assert.Equal([1L, 0L], accepted.Select(r => r.Taggings));
        var januaryFilter = await FilterAsync(app, new ExportQuery { To = "2026-01-31" });
        var january = await RunAsync(app, s => s.TaggingsAsync(januaryFilter));
        Assert.DoesNotContain(january, r => r.CreatedAt >= ExportSeed.March);
        Assert.Equal(7, january.Count);

        // The old name of a merged label selects the target, and only it.
        var byOldName = await CountsAsync(new ExportQuery { Labels = ["Goal-guarding"] });
        Assert.Equal(("goal guarding", 5L), (byOldName.Single().Label, byOldName.Single().Taggings));

        // Accepted only keeps every transcript of the group in the denominator.
        var acceptedPivot = await FilterAsync(app, new ExportQuery { Key = "is_free_tier_user", Status = "accepted" }, pivot: true);
        var pivot = await RunAsync(app, s => s.PivotAsync(acceptedPivot));
        var gg = pivot.Single(r => r.Label == "goal guarding" && r.Value == "true");
        Assert.Equal((3L, 1L), (gg.Transcripts, gg.TranscriptsTagged));
    }
}
