using System.Diagnostics;
using Npgsql;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Web.Tests.Reliability;

/// <summary>
/// A PostgreSQL cluster that one test class owns and may stop and start at will; the suite's shared
/// cluster from scripts/test must keep running for the other test projects. It is provisioned by
/// scripts/lib/postgres.sh, the same code as scripts/test and scripts/run, and torn down in
/// <see cref="DisposeAsync"/> whether or not the tests passed.
/// </summary>
public sealed class PrivateCluster : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"tr-restart-pg-{Guid.NewGuid():N}"[..28]);

    public int Port { get; private set; }

    public string ServerConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=tr;Database=postgres;Pooling=true;Timeout=5";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        Port = int.Parse((await ShellAsync("pg_free_port")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        // As in scripts/test: the postgres user (initdb runs as it under root) must be able to enter the directory.
        await ShellAsync("chmod 755 \"$0\" && pg_require_binaries && pg_init \"$0\"");
        await StartAsync();
    }

    /// <summary>
    /// Starts (or restarts) the cluster on the same port. Unlike scripts/test it keeps
    /// synchronous_commit on: with it off, a commit is acknowledged before its WAL leaves the server's
    /// memory, so an immediate (crash) stop would lose acknowledged writes by configuration. fsync and
    /// full_page_writes only guard against the operating system crashing, which these tests do not do.
    /// </summary>
    public Task StartAsync() =>
        ShellAsync("pg_require_binaries && pg_start \"$0\" \"$1\" -c fsync=off -c full_page_writes=off",
            Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Stops the cluster. "fast" is an orderly shutdown (sessions are terminated, open transactions
    /// rolled back); "immediate" kills the server processes as a crash would, with recovery on the next start.
    /// </summary>
    public Task StopAsync(string mode = "fast") =>
        ShellAsync("pg_require_binaries && pg_as_owner \"$PG_BIN/pg_ctl\" -D \"$0/data\" -m \"$1\" -w stop >/dev/null", mode);

    /// <summary>Creates an empty database on the cluster and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"tr_restart_{Guid.NewGuid():N}"[..27];
        // Not pooled: an idle pooled connection from before a restart would fail on its next use.
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
        return DbSetup.WithDatabase(ServerConnectionString, name);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ShellAsync("pg_require_binaries && pg_stop \"$0\"");
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Runs a snippet with scripts/lib/postgres.sh sourced; $0 is the cluster directory, $1 the extra argument.</summary>
    private async Task<string> ShellAsync(string script, string argument = "")
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-c", "source scripts/lib/postgres.sh && " + script, directory, argument })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{script}` failed with exit code {process.ExitCode}: {await stderr}");
        }
        return await stdout;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TranscriptReader.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No TranscriptReader.sln above {AppContext.BaseDirectory}.");
    }
}
