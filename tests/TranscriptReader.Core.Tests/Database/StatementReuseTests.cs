using Microsoft.EntityFrameworkCore;
using Npgsql;
using TranscriptReader.Core.Data;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Database;

/// <summary>
/// <see cref="DbSetup.WithStatementReuse"/>: every context prepares repeated commands and leaves the choice of plan
/// to the server's <c>plan_cache_mode</c>, and a connection string that says otherwise wins.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class StatementReuseTests(TestDatabase database)
{
    [Fact]
    public void Defaults_are_added_where_the_connection_string_is_silent()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DbSetup.WithStatementReuse("Host=db;Database=tr"));
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal(2, tuned.AutoPrepareMinUsages);
        Assert.True(tuned.NoResetOnClose);
        Assert.Null(tuned.Options);
    }

    [Fact]
    public void Settings_the_connection_string_gives_are_kept()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DbSetup.WithStatementReuse(
            "Host=db;Database=tr;Max Auto Prepare=0;AutoPrepareMinUsages=5;No Reset On Close=false;Options=-c plan_cache_mode=force_custom_plan -c work_mem=8MB"));
        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.Equal(5, tuned.AutoPrepareMinUsages);
        Assert.False(tuned.NoResetOnClose);
        Assert.Equal("-c plan_cache_mode=force_custom_plan -c work_mem=8MB", tuned.Options);

        var other = new NpgsqlConnectionStringBuilder(DbSetup.WithStatementReuse("Host=db;Options=-c work_mem=8MB"));
        Assert.Equal("-c work_mem=8MB", other.Options);
    }

    [Fact]
    public async Task A_context_prepares_what_it_repeats()
    {
        await using var db = database.CreateContext();
        await db.Database.OpenConnectionAsync();
        for (var i = 0; i < 3; i++)
        {
            await db.Labels.AsNoTracking().Where(l => l.Name == "x" + i).ToListAsync();
        }
        var mode = await db.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"").SingleAsync();
        var prepared = await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%FROM labels%'").SingleAsync();
        Assert.Equal("auto", mode);
        Assert.True(prepared >= 1, "the repeated label query was not prepared");
    }
}
