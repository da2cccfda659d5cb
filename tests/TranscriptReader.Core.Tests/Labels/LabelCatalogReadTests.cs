using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Labels;
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
        var recorder = new CommandRecorder();
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
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var (sql, parameters) in recorder.Commands)
        {
            await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + sql, connection);
            explain.Parameters.AddRange(parameters);
            using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
            Assert.DoesNotContain("taggings", Relations(plan.RootElement));
        }
    }

    /// <summary>Every "Relation Name" anywhere in a JSON plan.</summary>
    private static IEnumerable<string> Relations(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "Relation Name")
                {
                    yield return property.Value.GetString()!;
                }
                foreach (var name in Relations(property.Value))
                {
                    yield return name;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in element.EnumerateArray().SelectMany(Relations))
            {
                yield return name;
            }
        }
    }

    /// <summary>Records every query a context sends, with copies of its parameters, to explain them afterwards.</summary>
    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public List<(string Sql, NpgsqlParameter[] Parameters)> Commands { get; } = [];

        public AppDbContext CreateContext(TestDatabase database)
        {
            var options = new DbContextOptionsBuilder<AppDbContext>();
            DbSetup.Configure(options, database.ConnectionString);
            return new AppDbContext(options.AddInterceptors(this).Options);
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add((command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToArray()));
            return ValueTask.FromResult(result);
        }
    }
}
