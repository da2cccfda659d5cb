using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TranscriptReader.Core.Data;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Support;

/// <summary>
/// Records every SaveChanges of a context: which entities each save writes and whether it succeeded, so a test
/// can check that a change and its audit entry go out in one save, exactly once.
/// </summary>
public sealed class SaveRecorder : SaveChangesInterceptor
{
    /// <summary>One save: the entity type names it writes (with their state), and whether it succeeded.</summary>
    public sealed record Save(IReadOnlyList<string> Entries)
    {
        public bool Succeeded { get; set; }
    }

    private readonly List<Save> saves = [];

    public IReadOnlyList<Save> Saves => saves;

    /// <summary>A context on the test database with this recorder.</summary>
    public AppDbContext CreateContext(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DbSetup.Configure(options, database.ConnectionString);
        return new AppDbContext(options.AddInterceptors(this).Options);
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var entries = eventData.Context!.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => $"{e.Metadata.ClrType.Name} {e.State}")
            .Order(StringComparer.Ordinal).ToList();
        saves.Add(new Save(entries));
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        saves[^1].Succeeded = true;
        return ValueTask.FromResult(result);
    }
}
