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

    /// <summary>The app's project folder (static files, Razor views), found from the bench's output folder.</summary>
    public static string WebProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var web = Path.Combine(dir.FullName, "src", "TranscriptReader.Web");
            if (Directory.Exists(web))
            {
                return web;
            }
        }
        throw new InvalidOperationException("Run the bench from inside the repository: src/TranscriptReader.Web was not found.");
    }
}
