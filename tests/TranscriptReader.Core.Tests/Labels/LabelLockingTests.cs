using Microsoft.EntityFrameworkCore;
using Npgsql;
using TranscriptReader.Core.Labels;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Labels;

/// <summary>
/// The row locks a tagging takes while it resolves a label, checked with NOWAIT from a second
/// connection (no timing involved).
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class LabelLockingTests(TestDatabase database) : IAsyncLifetime
{
    private readonly LabelSeed seed = new(database);

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await seed.InitAsync("ann", "mod");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// An undo locks source and target in id order. Here the target's id is the lower one, so the undo
    /// holds the target and then needs the source: had the tagging kept the source locked while it waited
    /// for the target, each would wait for the other (the concurrency test saw PostgreSQL abort such pairs).
    /// </summary>
    [Fact]
    public async Task Resolving_a_merged_name_locks_only_the_target_so_an_undo_can_take_the_source()
    {
        var target = await seed.LabelAsync("goal guarding");
        var source = await seed.LabelAsync("Goal-guarding");
        await using (var db = database.CreateContext())
        {
            Assert.True((await LabelSeed.Merger(db).MergeAsync("mod", [source], target)).Ok);
        }
        await using var applying = database.CreateContext();
        await using var tx = await applying.Database.BeginTransactionAsync();

        var resolved = await new LabelDirectory(applying, TimeProvider.System).ResolveForApplyAsync("goal-GUARDING", "ann", allowCreate: false);

        Assert.Equal(target, resolved.Label?.Id);
        await using var other = database.CreateContext();
        await other.Database.ExecuteSqlRawAsync("SELECT 1 FROM labels WHERE id = {0} FOR UPDATE NOWAIT", source);
        var held = await Assert.ThrowsAsync<PostgresException>(() =>
            other.Database.ExecuteSqlRawAsync("SELECT 1 FROM labels WHERE id = {0} FOR UPDATE NOWAIT", target));
        Assert.Equal(PostgresErrorCodes.LockNotAvailable, held.SqlState);
    }
}
