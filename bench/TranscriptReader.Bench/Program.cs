using TranscriptReader.Bench;
using TranscriptReader.Core.Data;

// Usage: TR_DATABASE=<server connection string> dotnet run -c Release --project bench/TranscriptReader.Bench -- <benchmark>
// Each benchmark creates its own database on that server and drops it afterwards.
var connectionString = DbSetup.ConnectionStringFromEnvironment();
if (connectionString is null || args.Length == 0)
{
    Console.Error.WriteLine("Usage: TR_DATABASE=<connection string> TranscriptReader.Bench merge");
    return 2;
}
switch (args[0])
{
    case "merge":
        await MergeBench.RunAsync(connectionString);
        return 0;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{args[0]}'. Known: merge");
        return 2;
}
