using Microsoft.EntityFrameworkCore;
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
