using Npgsql;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Database;

/// <summary>
/// Runs <see cref="TaggingStatus.SqlCase"/> on real PostgreSQL. Kept out of the Tagging folder so the
/// pure (database-free) test filter does not pick it up.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class StatusSqlOnPostgresTests(TestDatabase database)
{
    [Fact]
    public async Task Sql_case_agrees_with_the_csharp_rule_for_every_small_vote_count()
    {
        var pairs = (from a in Enumerable.Range(0, 6) from d in Enumerable.Range(0, 6) select (a, d)).ToList();
        var values = string.Join(", ", pairs.Select(p => $"({p.a}, {p.d})"));
        var sql = $"SELECT a, d, {TaggingStatus.SqlCase("v.a", "v.d")} FROM (VALUES {values}) AS v(a, d) ORDER BY a, d";

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            var (a, d) = (reader.GetInt32(0), reader.GetInt32(1));
            Assert.Equal(TaggingStatus.SqlName(TaggingStatus.Of(a, d)), reader.GetString(2));
            rows++;
        }
        Assert.Equal(pairs.Count, rows);
    }
}
