using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TranscriptReader.Core.Data;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Support;

/// <summary>
/// Runs an action just before the first command whose SQL contains a fragment: a deterministic way to put
/// another session's write between two statements of the code under test (the races load tests find).
/// </summary>
public sealed class BeforeFirstCommand(string textFragment, Action action) : DbCommandInterceptor
{
    public bool Fired { get; private set; }

    /// <summary>A context on the test database with this interceptor.</summary>
    public AppDbContext CreateContext(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DbSetup.Configure(options, database.ConnectionString);
        return new AppDbContext(options.AddInterceptors(this).Options);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Before(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Before(command);
        return ValueTask.FromResult(result);
    }

    private void Before(DbCommand command)
    {
        if (!Fired && command.CommandText.Contains(textFragment, StringComparison.Ordinal))
        {
            Fired = true;
            action();
        }
    }
}
