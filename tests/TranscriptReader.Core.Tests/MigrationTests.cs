using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using TranscriptReader.Core.Data;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests;

[Collection(DatabaseCollection.Name)]
public sealed class MigrationTests(TestDatabase database)
{
    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_leave_nothing_pending()
    {
        await using var db = database.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public void Model_has_no_changes_missing_from_the_migrations()
    {
        using var db = database.CreateContext();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model differs from the last migration: add one with dotnet ef migrations add.");
    }

    [Fact]
    public async Task Roles_are_seeded_by_the_migrations_and_survive_a_reset()
    {
        await database.ResetAsync();
        await using var db = database.CreateContext();
        var roles = await db.Roles.Select(r => r.Name).OrderBy(n => n).ToListAsync();
        Assert.Equal(["admin", "member", "moderator"], roles);
    }

    /// <summary>
    /// A newcomer's first start must not print "Failed executing DbCommand … __EFMigrationsHistory" (the
    /// provider's probe of the history table on a new database, see <see cref="DbSetup.MigrateAsync"/>), nor
    /// connection errors when the database does not exist yet and the migrator creates it.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Migrating_a_new_database_logs_no_error(bool databaseCreatedFirst)
    {
        var name = $"tr_new_{Guid.NewGuid():N}"[..24];
        var server = DbSetup.WithDatabase(database.ConnectionString, "postgres");
        if (databaseCreatedFirst)
        {
            await ExecAsync(server, $"CREATE DATABASE \"{name}\"");
        }
        var log = new CapturingLogger();
        try
        {
            var options = new DbContextOptionsBuilder<AppDbContext>();
            DbSetup.Configure(options, DbSetup.WithDatabase(database.ConnectionString, name));
            using var loggers = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Information));
            options.UseLoggerFactory(loggers);
            await using var db = new AppDbContext(options.Options);

            var applied = await DbSetup.MigrateAsync(db);

            Assert.Equal(db.Database.GetMigrations(), applied);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
        Assert.Contains(log.Entries, e => e.Category == DbLoggerCategory.Migrations.Name);
        Assert.Empty(log.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => $"{e.Level} {e.Category}: {e.Message}"));
    }

    private static async Task ExecAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    private sealed record LogEntry(string Category, LogLevel Level, string Message);

    private sealed class CapturingLogger : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<LogEntry> entries = new();

        public IReadOnlyCollection<LogEntry> Entries => entries;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLogger owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception)));
        }
    }
}
