using Npgsql;

namespace TranscriptReader.Core.Data;

/// <summary>Tells an unreachable database (the answer is 503, and trying again later works) from every other failure.</summary>
public static class DatabaseOutage
{
    public static bool Caused(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException
                || e is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" }
                || e is InvalidOperationException { Source: "Npgsql" } && TransactionEndedByBrokenConnection.Contains(e.Message))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Npgsql ends the open transaction when its connection breaks (the server shut down or crashed).
    /// EF Core swallows a failure to release its SaveChanges savepoint (it only logs it), so the first
    /// sign a service sees can be its next use of that transaction, which Npgsql refuses with one of
    /// these messages and no network error attached. Found by the PostgreSQL restart test (tagging
    /// with a new label during a fast shutdown answered 500).
    /// </summary>
    private static readonly HashSet<string> TransactionEndedByBrokenConnection =
        ["Transaction is already completed", "This NpgsqlTransaction has completed; it is no longer usable."];
}
