using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using TranscriptReader.Core.Data;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Support;

/// <summary>
/// Records every query a context sends, then runs each again under <c>EXPLAIN (ANALYZE)</c> to tell how many rows of
/// each table its executed plan read: for tests that a page's cost does not grow with the data.
/// </summary>
public sealed class PlanRecorder : DbCommandInterceptor
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

    /// <summary>Each recorded command with the rows each scan node of its executed plan produced or filtered out, over all loops.</summary>
    public async Task<List<(string Sql, List<(string Relation, double Rows)> Reads)>> ReadsAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var all = new List<(string, List<(string, double)>)>();
        foreach (var (sql, parameters) in Commands)
        {
            await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, connection);
            explain.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
            using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
            all.Add((sql, Reads(plan.RootElement).ToList()));
        }
        return all;
    }

    /// <summary>
    /// As <see cref="ReadsAsync"/>, but each command runs prepared under <c>plan_cache_mode = force_generic_plan</c>:
    /// the plan PostgreSQL may settle on for a statement the app repeats, made once for any values of its parameters.
    /// The executed plans come back from <c>auto_explain</c> as notices.
    /// </summary>
    public async Task<List<(string Sql, List<(string Relation, double Rows)> Reads)>> GenericPlanReadsAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var plans = new List<string>();
        connection.Notice += (_, e) => plans.Add(e.Notice.MessageText);
        await using (var setup = new NpgsqlCommand("""
            LOAD 'auto_explain';
            SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_format = json;
            SET auto_explain.log_level = notice; SET plan_cache_mode = force_generic_plan
            """, connection))
        {
            await setup.ExecuteNonQueryAsync();
        }
        var all = new List<(string, List<(string, double)>)>();
        foreach (var (sql, parameters) in Commands)
        {
            plans.Clear();
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
            await command.PrepareAsync();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                }
            }
            var plan = plans.Single(m => m.Contains("\"Plan\"", StringComparison.Ordinal));
            using var json = JsonDocument.Parse(plan[plan.IndexOf('{', StringComparison.Ordinal)..]);
            all.Add((sql, Reads(json.RootElement).ToList()));
        }
        return all;
    }

    private static IEnumerable<(string Relation, double Rows)> Reads(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var read in element.EnumerateArray().SelectMany(Reads))
            {
                yield return read;
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("Relation Name", out var relation))
            {
                double Number(string name) => element.TryGetProperty(name, out var v) ? v.GetDouble() : 0;
                yield return (relation.GetString()!, (Number("Actual Rows") + Number("Rows Removed by Filter")) * Number("Actual Loops"));
            }
            foreach (var property in element.EnumerateObject())
            {
                foreach (var read in Reads(property.Value))
                {
                    yield return read;
                }
            }
        }
    }
}
