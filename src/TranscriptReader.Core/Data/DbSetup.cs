using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace TranscriptReader.Core.Data;

public static class DbSetup
{
    public const string MigrationsAssembly = "TranscriptReader.Migrations";

    // Configure runs for every request's context; the connection string is parsed once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Reusing = new();

    /// <summary>The same options everywhere: app, admin CLI, design-time factory, tests, bench.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(Reusing.GetOrAdd(connectionString, WithStatementReuse), o => o.MigrationsAssembly(MigrationsAssembly))
            .UseSnakeCaseNamingConvention();

    /// <summary>
    /// The connection string with the app's defaults for statement reuse, each unless the string sets it: Npgsql
    /// prepares a command the second time it is sent (up to 64 per connection), so PostgreSQL stops parsing and
    /// analysing the same SQL on every page, and after five executions may keep one plan for it (the server's
    /// <c>plan_cache_mode = auto</c>), so it stops planning it too; and a connection going back to the pool is not
    /// reset (the app keeps no session state: no <c>SET</c>, session locks or temporary tables, and the LISTEN
    /// connection is not pooled). A statement whose best plan depends on a value (the words of a search) carries
    /// that value as a literal instead of a parameter (see <see cref="Transcripts.TranscriptList"/>).
    /// Behind PgBouncer in transaction mode before 1.21, set <c>Max Auto Prepare=0</c>.
    /// </summary>
    public static string WithStatementReuse(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Sets(string key) => given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", ""), key, StringComparison.OrdinalIgnoreCase));
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }
        if (!Sets("AutoPrepareMinUsages"))
        {
            builder.AutoPrepareMinUsages = 2;
        }
        if (!Sets("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }

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
