using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Tests.Support;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Labels;

/// <summary>
/// The label catalog, the API list and the label page header read stored counts: none of their queries may
/// read the taggings table (issue 15, finding 6: counting every tagging per request let anonymous clients
/// slow the site). Checked on PostgreSQL's plan of every command they send, so a view over taggings counts too.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class LabelCatalogReadTests(TestDatabase database) : IAsyncLifetime
{
    private readonly LabelSeed seed = new(database);

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await seed.InitAsync("ann", "bob");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Catalog_list_and_label_counts_never_read_the_taggings_table()
    {
        var busy = await seed.LabelAsync("goal guarding");
        var other = await seed.LabelAsync("sandbagging", alias: "sb");
        for (var i = 0; i < 30; i++)
        {
            await seed.TagAsync(i % 3 == 0 ? other : busy, i % 2 == 0 ? "ann" : "bob", i, i + 2);
        }
        var recorder = new PlanRecorder();
        await using (var db = recorder.CreateContext(database))
        {
            var summaries = new LabelSummaries(db);
            var byName = await summaries.ListAsync(null, LabelSort.Name);
            await summaries.ListAsync("sb", LabelSort.Count);
            await summaries.CountsAsync([busy]);
            await summaries.CountsAsync(null);

            Assert.Equal(new LabelCounts(20, 1, 2), byName.Single(l => l.Id == busy).Counts);
            Assert.Equal(new LabelCounts(10, 1, 2), byName.Single(l => l.Id == other).Counts);
        }

        Assert.NotEmpty(recorder.Commands);
        foreach (var (sql, reads) in await recorder.ReadsAsync(database))
        {
            Assert.False(reads.Any(r => r.Relation == "taggings"), $"reads taggings:\n{sql}");
        }
    }
}
