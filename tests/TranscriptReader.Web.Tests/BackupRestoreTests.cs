using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TranscriptReader.Core.Data;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests;

/// <summary>The README's backup and restore commands, run for real on the test cluster.</summary>
[Collection(WebCollection.Name)]
public sealed class BackupRestoreTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Pg_dump_and_pg_restore_round_trip_an_instance()
    {
        var client = app.NewClient();
        await client.RegisterAsync("ada@example.org", "Ada");
        client.UseBearer(await client.CreateTokenAsync());
        await Api.TranscriptsApiTests.ImportAsync(client, "af.txt", Fixtures.AlignmentFaking);

        var dump = Path.Combine(Path.GetTempPath(), $"tr-backup-{Guid.NewGuid():N}.dump");
        var restoredName = "tr_restore_" + Guid.NewGuid().ToString("N")[..8];
        var source = new NpgsqlConnectionStringBuilder(app.Database.ConnectionString);
        try
        {
            await RunAsync("pg_dump", $"--format=custom --no-owner --file={dump} --host={source.Host} --port={source.Port} --username={source.Username} {source.Database}");
            await using (var admin = new NpgsqlConnection(DbSetup.WithDatabase(app.Database.ConnectionString, "postgres")))
            {
                await admin.OpenAsync();
                await new NpgsqlCommand($"CREATE DATABASE {restoredName}", admin).ExecuteNonQueryAsync();
            }
            await RunAsync("pg_restore", $"--no-owner --dbname={restoredName} --host={source.Host} --port={source.Port} --username={source.Username} {dump}");

            await using var original = app.CreateDbContext();
            await using var restored = DbSetup.CreateContext(DbSetup.WithDatabase(app.Database.ConnectionString, restoredName));
            Assert.Empty(await restored.Database.GetPendingMigrationsAsync());
            Assert.Equal(await original.Blocks.OrderBy(b => b.Id).Select(b => b.Text).ToListAsync(),
                await restored.Blocks.OrderBy(b => b.Id).Select(b => b.Text).ToListAsync());
            Assert.Equal(await original.Users.Select(u => u.Email).ToListAsync(), await restored.Users.Select(u => u.Email).ToListAsync());
            Assert.Equal(await original.ApiTokens.CountAsync(), await restored.ApiTokens.CountAsync());
            // Full-text search works on the restored copy (the generated column and its index came back).
            Assert.True(await restored.Blocks.AnyAsync(b => EF.Property<NpgsqlTypes.NpgsqlTsVector>(b, "SearchVector")
                .Matches(EF.Functions.WebSearchToTsQuery("english", "Hamlet"))));
        }
        finally
        {
            File.Delete(dump);
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(DbSetup.WithDatabase(app.Database.ConnectionString, "postgres"));
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {restoredName} WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }

    /// <summary>The PostgreSQL client tools matching the server: Debian keeps them under /usr/lib/postgresql/N/bin.</summary>
    private static string Tool(string name) =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Order(StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "bin", name)).LastOrDefault(File.Exists) ?? name
            : name;

    private static async Task RunAsync(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(Tool(tool), arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {stderr}");
    }
}
