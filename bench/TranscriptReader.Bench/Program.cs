using TranscriptReader.Bench;
using TranscriptReader.Core.Data;

// Usage: TR_DATABASE=<server connection string> dotnet run -c Release --project bench/TranscriptReader.Bench -- <benchmark>
var cs = DbSetup.ConnectionStringFromEnvironment()
    ?? throw new InvalidOperationException("Set TR_DATABASE to a PostgreSQL server whose user may create databases.");
await (args.FirstOrDefault() switch
{
    "export" => ExportBench.RunAsync(cs),
    var other => throw new ArgumentException($"Unknown benchmark '{other}'. Use: export."),
});
