using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Labels;

/// <summary>
/// The undo record a merge leaves in <c>label_merges.details</c>: version 2 with explicit columns, and
/// records written before versions existed, which must still undo.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class MergeRecordTests(TestDatabase database) : IAsyncLifetime
{
    /// <summary>
    /// The record LabelMerger wrote before versions existed (commit 1941133), for the scenario below, captured
    /// from that code as it ran on a new database; only the ids are placeholders. Its rows are whole
    /// <c>row_to_json</c> objects of the tables as they were.
    /// </summary>
    private const string VersionOneRecord = """
        { "collapsed" : [{"survivorId" : {survivor}, "row" : {"id":{collapsing},"block_id":{block},"transcript_id":{transcript},"label_id":{source},"applied_label_name":"label {source}","user_id":"ann","start":0,"end":9,"quote":"I should ","prefix":"","suffix":"","created_at":"2026-11-20T10:00:00+00:00","comments_locked":false}}], "votes" : [{"tagging_id":{collapsing},"user_id":"bob","value":1,"created_at":"2026-11-20T11:00:00+00:00","transcript_id":{transcript}}, {"tagging_id":{collapsing},"user_id":"cyd","value":-1,"created_at":"2026-11-20T11:00:00+00:00","transcript_id":{transcript}}], "movedVotes" : [{"from" : {collapsing}, "to" : {survivor}, "userId" : "bob"}], "comments" : [{"id" : {root}, "from" : {collapsing}, "to" : {survivor}}, {"id" : {reply}, "from" : {collapsing}, "to" : {survivor}}], "moved" : { "{source}" : [{moving}] }, "movedAliases" : [{"id" : {gg}, "from" : {source}}], "addedAliases" : [{added}] }
        """;

    private readonly LabelSeed seed = new(database);

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await seed.InitAsync("ann", "bob", "cyd", "mod");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// The scenario the record above was captured from: goal guarding (target) and Goal-guarding (source,
    /// alias "gg"); ann applied both to 0–9 (collapses), bob the source to 10–20 (moves); bob and cyd voted on
    /// the collapsing tagging, cyd also on the survivor; a two-comment thread hangs on the collapsing one.
    /// </summary>
    private async Task<Dictionary<string, long>> SeedScenarioAsync()
    {
        var target = await seed.LabelAsync("goal guarding");
        var source = await seed.LabelAsync("Goal-guarding", alias: "gg");
        var survivor = await seed.TagAsync(target, "ann", 0, 9);
        var collapsing = await seed.TagAsync(source, "ann", 0, 9);
        var moving = await seed.TagAsync(source, "bob", 10, 20);
        await seed.VoteAsync(collapsing, "bob", 1);
        await seed.VoteAsync(collapsing, "cyd", -1);
        await seed.VoteAsync(survivor, "cyd", 1);
        await seed.VoteAsync(moving, "ann", 1);
        var root = await seed.CommentAsync(collapsing, "bob", "Is this really goal guarding?");
        var reply = await seed.CommentAsync(collapsing, "ann", "Yes: *modified later*.", root);
        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlRawAsync("UPDATE taggings SET created_at = '2026-11-20T10:00:00Z'; UPDATE votes SET created_at = '2026-11-20T11:00:00Z'");
        return new()
        {
            ["target"] = target, ["source"] = source, ["survivor"] = survivor, ["collapsing"] = collapsing, ["moving"] = moving,
            ["root"] = root, ["reply"] = reply, ["block"] = seed.BlockId, ["transcript"] = seed.TranscriptId,
        };
    }

    private async Task<long> MergeAsync(Dictionary<string, long> ids)
    {
        await using var db = database.CreateContext();
        var merge = await LabelSeed.Merger(db).MergeAsync("mod", [(int)ids["source"]], (int)ids["target"]);
        Assert.True(merge.Ok, merge.Failure?.Message);
        return merge.Value.MergeId;
    }

    private async Task<Outcome<UndoResult>> UndoAsync(long mergeId)
    {
        await using var db = database.CreateContext();
        return await LabelSeed.Merger(db).UndoAsync("mod", mergeId);
    }

    /// <summary>Puts a record in place of the one the merge wrote, as if an older version had made the merge.</summary>
    private async Task ReplaceRecordAsync(long mergeId, string record)
    {
        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlAsync($"UPDATE label_merges SET details = {record}::json WHERE id = {mergeId}");
    }

    private async Task<string> VersionOneRecordForAsync(Dictionary<string, long> ids, long mergeId)
    {
        await using var db = database.CreateContext();
        var aliases = await db.LabelAliases.ToDictionaryAsync(a => a.Alias, a => a.Id);
        var values = new Dictionary<string, long>(ids) { ["gg"] = aliases["gg"], ["added"] = aliases["Goal-guarding"] };
        Assert.Equal(mergeId, (await db.LabelAliases.SingleAsync(a => a.Alias == "Goal-guarding")).MergeId);
        return values.Aggregate(VersionOneRecord.Trim(), (text, v) =>
            text.Replace("{" + v.Key + "}", v.Value.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    public static TheoryData<string, bool> VersionOneShapes => new()
    {
        { "as written since votes carry transcript_id", true },
        // Merges made before migration VoteTranscript recorded votes without the column.
        { "as written before votes carried transcript_id", false },
    };

    [Theory]
    [MemberData(nameof(VersionOneShapes))]
    public async Task A_record_written_before_versions_existed_still_undoes_exactly(string what, bool votesCarryTranscript)
    {
        var ids = await SeedScenarioAsync();
        var before = await seed.DumpAsync();
        var mergeId = await MergeAsync(ids);
        var record = await VersionOneRecordForAsync(ids, mergeId);
        if (!votesCarryTranscript)
        {
            record = record.Replace($",\"transcript_id\":{ids["transcript"]}}}", "}", StringComparison.Ordinal);
            Assert.DoesNotContain("\"transcript_id\":" + ids["transcript"] + "}", record, StringComparison.Ordinal);
        }
        await ReplaceRecordAsync(mergeId, record);

        var undo = await UndoAsync(mergeId);

        Assert.True(undo.Ok, $"{what}: {undo.Failure?.Message}");
        Assert.Equal((1, 1), (undo.Value.MovedBack, undo.Value.Restored));
        Assert.Equal(before, await seed.DumpAsync());
    }

    [Fact]
    public async Task A_record_still_undoes_after_a_column_with_a_default_was_added_to_taggings()
    {
        var ids = await SeedScenarioAsync();
        var mergeId = await MergeAsync(ids);
        var record = await VersionOneRecordForAsync(ids, mergeId);
        await ReplaceRecordAsync(mergeId, record);
        await using var db = database.CreateContext();
        // Re-inserting the record's rows as whole rows of today's type would write NULL into the new column.
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE taggings ADD COLUMN record_test_note text NOT NULL DEFAULT 'none'");
        try
        {
            var undo = await UndoAsync(mergeId);

            Assert.True(undo.Ok, undo.Failure?.Message);
            Assert.Equal("none", await seed.ScalarAsync<string>($"SELECT record_test_note FROM taggings WHERE id = {ids["collapsing"]}"));
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE taggings DROP COLUMN record_test_note");
        }
    }

    [Fact]
    public async Task A_merge_writes_version_2_with_the_listed_columns_only()
    {
        var ids = await SeedScenarioAsync();
        var mergeId = await MergeAsync(ids);

        string Keys(string path) => $"SELECT string_agg(k, ',' ORDER BY k) FROM label_merges m, json_object_keys({path}) k WHERE m.id = {mergeId}";
        Assert.Equal("2", await seed.ScalarAsync<string>($"SELECT details->>'version' FROM label_merges WHERE id = {mergeId}"));
        Assert.Equal("addedAliases,collapsed,comments,moved,movedAliases,movedVotes,version,votes", await seed.ScalarAsync<string>(Keys("m.details")));
        Assert.Equal("applied_label_name,block_id,comments_locked,created_at,end,id,label_id,prefix,quote,start,suffix,transcript_id,user_id",
            await seed.ScalarAsync<string>(Keys("m.details->'collapsed'->0->'row'")));
        Assert.Equal("created_at,tagging_id,user_id,value", await seed.ScalarAsync<string>(Keys("m.details->'votes'->0")));
    }

    [Fact]
    public async Task A_record_of_an_unknown_version_is_refused_as_a_conflict_and_changes_nothing()
    {
        var ids = await SeedScenarioAsync();
        var mergeId = await MergeAsync(ids);
        await using (var db = database.CreateContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE label_merges SET details = jsonb_set(details::jsonb, '{{version}}', '3')::json WHERE id = {mergeId}");
        }
        var before = await seed.DumpAsync();

        var undo = await UndoAsync(mergeId);

        Assert.Equal(FailureKind.Conflict, undo.Failure?.Kind);
        Assert.Contains("version 3", undo.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(before, await seed.DumpAsync());
        await using var check = database.CreateContext();
        Assert.Null((await check.LabelMerges.SingleAsync()).UndoneAt);
    }
}
