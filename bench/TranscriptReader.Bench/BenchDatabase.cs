using TranscriptReader.Testing;

namespace TranscriptReader.Bench;

/// <summary>A migrated database of its own for one benchmark, dropped afterwards.</summary>
public static class BenchDatabase
{
    public static async Task<T> WithAsync<T>(Func<string, Task<T>> body)
    {
        var db = new TestDatabase();
        await db.InitializeAsync();
        try
        {
            return await body(db.ConnectionString);
        }
        finally
        {
            await db.DisposeAsync();
        }
    }
}
