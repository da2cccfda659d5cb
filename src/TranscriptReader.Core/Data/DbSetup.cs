using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace TranscriptReader.Core.Data;

public static class DbSetup
{
    public const string MigrationsAssembly = "TranscriptReader.Migrations";

    /// <summary>The same options everywhere: app, admin CLI, design-time factory, tests, bench.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, o => o.MigrationsAssembly(MigrationsAssembly))
            .UseSnakeCaseNamingConvention();

    /// <summary>
    /// Applies pending migrations and returns their ids. Use this instead of <c>Database.MigrateAsync</c>: on a
    /// new database the Npgsql provider first reads the migrations history table without checking that it
    /// exists and catches the "relation does not exist" error (npgsql/efcore.pg#3407), but EF has already
    /// logged that command as a failure ("Failed executing DbCommand … __EFMigrationsHistory"), which reads
    /// like a broken install. Creating the database if needed and the history table first (<c>CREATE TABLE IF
    /// NOT EXISTS</c>, what the migrator runs next anyway) leaves nothing to fail; other errors log as before.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(AppDbContext db, CancellationToken ct = default)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct))
        {
            await creator.CreateAsync(ct);
        }
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        return pending;
    }

    /// <summary>Reads TR_DATABASE, then ConnectionStrings__Default, from the environment.</summary>
    public static string? ConnectionStringFromEnvironment() =>
        NullIfEmpty(Environment.GetEnvironmentVariable("TR_DATABASE"))
        ?? NullIfEmpty(Environment.GetEnvironmentVariable("ConnectionStrings__Default"));

    public static AppDbContext CreateContext(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        Configure(builder, connectionString);
        return new AppDbContext(builder.Options);
    }

    /// <summary>Connection string for another database on the same server (tests create their own).</summary>
    public static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
