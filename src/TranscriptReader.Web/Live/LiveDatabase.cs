using Npgsql;

namespace TranscriptReader.Web.Live;

/// <summary>
/// The live-update side's own connections: a small pool for its queries and NOTIFYs, and the connection
/// string of the one listening connection per node (unpooled, so it is never a pooled connection another
/// command could be multiplexed onto, and never returned to a pool still LISTENing).
/// </summary>
public sealed class LiveDatabase : IDisposable
{
    public LiveDatabase(string connectionString)
    {
        var pooled = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 4, ApplicationName = "transcriptreader-live" };
        Source = NpgsqlDataSource.Create(pooled.ConnectionString);
        ListenConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            Multiplexing = false,
            ApplicationName = "transcriptreader-listen",
            // Without it a listener behind a dropped network path waits forever for notifications.
            KeepAlive = 10,
        }.ConnectionString;
    }

    public NpgsqlDataSource Source { get; }

    public string ListenConnectionString { get; }

    public void Dispose() => Source.Dispose();
}
