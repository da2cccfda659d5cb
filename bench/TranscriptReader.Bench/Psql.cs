using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace TranscriptReader.Bench;

/// <summary>The export baseline: <c>psql \copy</c> of the same SQL the app runs, written to /dev/null.</summary>
public static partial class Psql
{
    /// <summary>Seconds psql takes to copy every row of <paramref name="sql"/> out as CSV.</summary>
    public static async Task<double> CopySecondsAsync(string cs, string sql)
    {
        var b = new NpgsqlConnectionStringBuilder(cs);
        var info = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-X", "-q", "-h", b.Host!, "-p", b.Port.ToString(CultureInfo.InvariantCulture), "-U", b.Username!, "-d", b.Database! })
        {
            info.ArgumentList.Add(arg);
        }
        // \copy takes the rest of one line.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"\\copy ({Whitespace().Replace(sql, " ")}) to '/dev/null' csv header");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("psql did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        _ = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql failed: {await stderr}");
        }
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Rows of <paramref name="sql"/>: CSV lines are not rows when quotes span paragraphs.</summary>
    public static async Task<long> CountAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM ({sql}) AS q", conn) { CommandTimeout = 0 };
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
