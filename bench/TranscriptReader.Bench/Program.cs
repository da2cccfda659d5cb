using System.Globalization;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Bench;

/// <summary>
/// Benchmarks print figures; they never pass or fail. TR_DATABASE names a server whose user may
/// create databases (scripts/bench provides a throwaway one); each benchmark uses its own database.
/// Arguments: the benchmark's name (default <c>suite</c>), then for <c>pages</c> <c>--scale N</c> (default 1) and
/// <c>--build-only</c> (build or reuse the data set, print its sizes, measure nothing).
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var server = DbSetup.ConnectionStringFromEnvironment()
            ?? throw new InvalidOperationException("Set TR_DATABASE, or run scripts/bench, which provisions a throwaway PostgreSQL.");
        var which = args.Length > 0 ? args[0] : "suite";
        var scale = 1;
        var buildOnly = false;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--scale" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out scale) && scale >= 1)
            {
                i++;
            }
            else if (args[i] == "--build-only")
            {
                buildOnly = true;
            }
            else
            {
                Console.Error.WriteLine($"Unknown or invalid argument '{args[i]}' (expected --scale N with N ≥ 1, or --build-only).");
                return 2;
            }
        }
        var benches = new Dictionary<string, Func<string, Task>>
        {
            ["suite"] = Suite.RunAsync,
            ["pages"] = s => PagesBench.RunAsync(s, scale, buildOnly),
            ["page"] = PageBench.RunAsync,
            ["merge"] = MergeBench.RunAsync,
            ["writes"] = WriteBench.RunAsync,
            ["agreement"] = AgreementBench.RunAsync,
            ["labels"] = LabelCatalogBench.RunAsync,
            ["live"] = LiveBench.RunAsync,
            ["bytes"] = PageBytesBench.RunAsync,
        };
        if (!benches.TryGetValue(which, out var run))
        {
            Console.Error.WriteLine($"Unknown benchmark '{which}'; one of: {string.Join(", ", benches.Keys)}.");
            return 2;
        }
        Console.WriteLine($"== {which}");
        await run(server);
        return 0;
    }
}
