using Microsoft.EntityFrameworkCore.Design;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Migrations;

/// <summary>
/// Lets <c>dotnet ef</c> build the model without starting the web app. Adding a migration needs
/// no database; <c>dotnet ef database update</c> uses TR_DATABASE when set.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        DbSetup.CreateContext(DbSetup.ConnectionStringFromEnvironment() ?? "Host=localhost;Database=transcriptreader");
}
