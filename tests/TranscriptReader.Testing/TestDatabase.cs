using Microsoft.AspNetCore.Identity;
using Npgsql;
using Respawn;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Data.Configurations;
using Xunit;

namespace TranscriptReader.Testing;

/// <summary>
/// A real PostgreSQL database of its own for one test project: created on the server named by
/// TR_DATABASE (or ConnectionStrings__Default), migrated with the real migrations once, emptied
/// between tests with Respawn, and dropped at the end. scripts/test provides a throwaway server.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private Respawner? respawner;
    private readonly string serverConnectionString;

    public TestDatabase()
    {
        serverConnectionString = DbSetup.ConnectionStringFromEnvironment()
            ?? throw new InvalidOperationException(
                "Tests need a real PostgreSQL server: run scripts/test, or set TR_DATABASE to a connection "
                + "string whose user may create databases (e.g. Host=127.0.0.1;Port=5432;Username=postgres).");
        DatabaseName = $"tr_test_{Guid.NewGuid():N}"[..24];
        ConnectionString = DbSetup.WithDatabase(serverConnectionString, DatabaseName);
    }

    public string DatabaseName { get; }
    public string ConnectionString { get; }

    public AppDbContext CreateContext() => DbSetup.CreateContext(ConnectionString);

    public async Task InitializeAsync()
    {
        await using (var conn = new NpgsqlConnection(DbSetup.WithDatabase(serverConnectionString, "postgres")))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        await using (var db = CreateContext())
        {
            await DbSetup.MigrateAsync(db);
        }
        await using var c = new NpgsqlConnection(ConnectionString);
        await c.OpenAsync();
        respawner = await Respawner.CreateAsync(c, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            // Data Protection keys are infrastructure: a running app caches its key ring, so wiping the
            // table between tests would make a second app instance mint a key the first never sees.
            // page_epoch is a single row the migration seeds; the app needs it to exist.
            TablesToIgnore = [new Respawn.Graph.Table("public", "__EFMigrationsHistory"), new Respawn.Graph.Table("public", "data_protection_keys"), new Respawn.Graph.Table("public", "page_epoch")],
        });
    }

    /// <summary>Empties every table, then restores the rows the migrations seed (the roles).</summary>
    public async Task ResetAsync()
    {
        await using (var c = new NpgsqlConnection(ConnectionString))
        {
            await c.OpenAsync();
            await respawner!.ResetAsync(c);
        }
        await using var db = CreateContext();
        db.Roles.AddRange(RoleConfiguration.Seeded.Select(r => new IdentityRole
        {
            Id = r.Id, Name = r.Name, NormalizedName = r.NormalizedName, ConcurrencyStamp = r.ConcurrencyStamp,
        }));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(DbSetup.WithDatabase(serverConnectionString, "postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
