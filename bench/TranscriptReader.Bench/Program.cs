using TranscriptReader.Core.Data;

namespace TranscriptReader.Bench;

/// <summary>
/// Benchmarks print figures; they never pass or fail. TR_DATABASE names a server whose user may
/// create databases (scripts/bench provides a throwaway one); each benchmark uses its own database.
/// </summary>
public static class BenchProgram
{
    public static async Task Main(string[] args)
    {
        var server = DbSetup.ConnectionStringFromEnvironment()
            ?? throw new InvalidOperationException("Set TR_DATABASE, or run scripts/bench, which provisions a throwaway PostgreSQL.");
        var which = args.Length > 0 ? args[0] : "suite";
        var benches = new Dictionary<string, Func<string, Task>>
        {
            ["suite"] = Suite.RunAsync,
            ["page"] = PageBench.RunAsync,
            ["merge"] = MergeBench.RunAsync,
            ["writes"] = WriteBench.RunAsync,
            ["agreement"] = AgreementBench.RunAsync,
            ["labels"] = LabelCatalogBench.RunAsync,
            ["live"] = LiveBench.RunAsync,
            ["writes"] = WriteBench.RunAsync,
            ["bytes"] = PageBytesBench.RunAsync,
        };
        foreach (var (name, run) in benches)
        {
            if (which == name)
            {
                Console.WriteLine($"== {name}");
                await run(server);
            }
        }
    }
}
