using Microsoft.EntityFrameworkCore;
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
}
