using Npgsql;
using TranscriptReader.Core.Data;
using TranscriptReader.Testing;

namespace TranscriptReader.Bench;

/// <summary>A migrated database of its own for one benchmark, dropped afterwards.</summary>
public static class BenchDatabase
{
    public static async Task<T> WithAsync<T>(Func<string, Task<T>> body)
    {
        var db = new TestDatabase();
        await db.InitializeAsync();
        try
        {
            return await body(db.ConnectionString);
        }
        finally
        {
            await db.DisposeAsync();
        }
    }

    /// <summary>Drops and re-creates <paramref name="databaseName"/> on the server, migrated; returns its connection string.</summary>
    public static async Task<string> RecreateAsync(string server, string databaseName)
    {
        await using (var conn = new NpgsqlConnection(DbSetup.WithDatabase(server, "postgres")))
        {
            await conn.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", conn);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", conn);
            await create.ExecuteNonQueryAsync();
        }
        var cs = DbSetup.WithDatabase(server, databaseName);
        await using var db = DbSetup.CreateContext(cs);
        await DbSetup.MigrateAsync(db);
        return cs;
    }

    public static async Task DropAsync(string server, string databaseName)
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(DbSetup.WithDatabase(server, "postgres"));
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", conn);
        await drop.ExecuteNonQueryAsync();
    }
}
