using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql;
using TranscriptReader.Core.Data;
using TranscriptReader.Migrations;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Database;

/// <summary>
/// The files under <c>migrations/TranscriptReader.Migrations/Sql</c> are the truth about every function,
/// trigger and view: the database after all migrations holds exactly those objects, each as its file defines it.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed partial class SqlObjectTests(TestDatabase database)
{
    private sealed record LiveObject(string Kind, string Name, string Key, string Definition)
    {
        public string Path => $"{Kind}/{Name}.sql";
    }

    /// <summary>Functions (by signature), triggers (by table and name) and views of the app's schema, as PostgreSQL prints them.</summary>
    private const string CatalogSql = """
        SELECT 'Functions', p.proname::text, p.oid::regprocedure::text, pg_get_functiondef(p.oid)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
        UNION ALL
        SELECT 'Triggers', t.tgname::text, t.tgrelid::regclass::text || ' ' || t.tgname, pg_get_triggerdef(t.oid)
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND NOT t.tgisinternal
        UNION ALL
        SELECT 'Views', c.relname::text, c.relname::text, pg_get_viewdef(c.oid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm')
        ORDER BY 1, 3
        """;

    private static async Task<List<LiveObject>> CatalogAsync(NpgsqlConnection connection, NpgsqlTransaction? tx = null)
    {
        await using var cmd = new NpgsqlCommand(CatalogSql, connection, tx);
        await using var r = await cmd.ExecuteReaderAsync();
        var objects = new List<LiveObject>();
        while (await r.ReadAsync())
        {
            objects.Add(new LiveObject(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        }
        return objects;
    }

    [Fact]
    public async Task Every_function_trigger_and_view_has_a_file_and_every_file_an_object()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();

        var live = (await CatalogAsync(connection)).Select(o => o.Path).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(SqlObjects.All().Select(f => f.Path).ToList(), live);
    }

    /// <summary>
    /// Runs every file (each a CREATE OR REPLACE) over the migrated database in a transaction that is rolled
    /// back, and compares PostgreSQL's own printout of every object before and after: the same text means
    /// the file defines exactly what the migrations left, with no whitespace rules of our own.
    /// </summary>
    [Fact]
    public async Task The_database_after_all_migrations_defines_each_object_exactly_as_its_file()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var before = (await CatalogAsync(connection, tx)).ToDictionary(o => o.Key, o => o.Definition);
        var differences = new List<string>();

        foreach (var file in SqlObjects.All())
        {
            await using (var cmd = new NpgsqlCommand(file.Sql, connection, tx))
            {
                await cmd.ExecuteNonQueryAsync();
            }
            var after = (await CatalogAsync(connection, tx)).ToDictionary(o => o.Key, o => o.Definition);
            differences.AddRange(after.Keys.Union(before.Keys)
                .Where(key => before.GetValueOrDefault(key) != after.GetValueOrDefault(key))
                .Select(key => $"{file.Path} changes {key}: the database has\n{before.GetValueOrDefault(key) ?? "(nothing)"}\nthe file makes it\n{after.GetValueOrDefault(key) ?? "(nothing)"}"));
            before = after;
        }
        await tx.RollbackAsync();

        Assert.True(differences.Count == 0,
            "The migrations leave objects that differ from their files (a changed file needs a migration that applies it):\n"
            + string.Join("\n\n", differences));
    }

    /// <summary>
    /// A migration applies a file's current text only if it is the last migration to change that object;
    /// an older one keeps the earlier text as a literal (see <see cref="SqlObjects"/>), or a fresh database
    /// would get today's definition before the schema it relies on.
    /// </summary>
    [Fact]
    public void Each_files_current_text_is_applied_by_exactly_one_migration()
    {
        using var db = database.CreateContext();
        var assembly = db.GetService<IMigrationsAssembly>();
        var sqlByMigration = assembly.Migrations.ToDictionary(m => m.Key, m => assembly.CreateMigration(m.Value, db.Database.ProviderName!)
            .UpOperations.OfType<SqlOperation>().Select(o => o.Sql).ToList());

        foreach (var file in SqlObjects.All())
        {
            var appliers = sqlByMigration.Where(m => m.Value.Contains(file.Sql)).Select(m => m.Key).Order(StringComparer.Ordinal).ToList();
            Assert.True(appliers.Count == 1, $"{file.Path} is applied by {appliers.Count} migrations ({string.Join(", ", appliers)}); "
                + "exactly the latest one that changes it should read the file, older ones keep their own text.");
        }
    }

    [Fact]
    public void The_sql_files_use_exactly_the_settings_named_in_DatabaseNames()
    {
        var used = SqlObjects.All().SelectMany(f => SettingName().Matches(f.Sql).Select(m => m.Value)).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(DatabaseNames.Settings.Order(StringComparer.Ordinal), used);
        Assert.Equal(DatabaseNames.AdvisoryLocks.All.Count, DatabaseNames.AdvisoryLocks.All.Distinct().Count());
    }

    [GeneratedRegex(@"transcriptreader\.[a-z_]+")]
    private static partial Regex SettingName();
}
