using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Importing;

namespace TranscriptReader.Bench;

/// <summary>Import throughput: 1,000 generated alignment-faking transcripts of about 50 KB each.</summary>
public static class ImportBench
{
    public const int Count = 1000;
    public const int TargetBytes = 50_000;

    public static Task RunAsync(string server) => BenchDatabase.WithAsync(async cs =>
    {
        var files = Generate(Count, TargetBytes, seed: 42);
        var bytes = files.Sum(f => (long)f.Bytes.Length);
        using var services = new ServiceCollection()
            .AddDbContext<AppDbContext>(o => DbSetup.Configure(o, cs))
            .AddSingleton(TimeProvider.System)
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .AddScoped<ImportService>()
            .BuildServiceProvider();
        using var scope = services.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<ImportService>();

        var watch = Stopwatch.StartNew();
        var summary = await importer.ImportAllAsync(new ImportRequest(files, null, "bench", null));
        watch.Stop();
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"import: {summary.Imported} transcripts ({bytes / 1e6:0.0} MB) in {seconds:0.00} s "
            + $"= {summary.Imported / seconds:0.0} transcripts/s, {bytes / 1e6 / seconds:0.00} MB/s "
            + $"(failed {summary.Failed}, duplicates {summary.Duplicates}); target: {Count} in < 60 s");
        return 0;
    });

    /// <summary>Deterministic transcripts in the alignment-faking text format, each about <paramref name="size"/> bytes.</summary>
    public static List<ImportFile> Generate(int count, int size, int seed)
    {
        var random = new Random(seed);
        string[] words = ["training", "goal", "values", "user", "helpful", "refuse", "comply", "RLHF", "free", "tier", "reason",
            "situation", "modify", "future", "honest", "harm", "request", "consider", "strategy", "output", "the", "a", "of", "and", "to", "is"];
        var files = new List<ImportFile>(count);
        for (var i = 0; i < count; i++)
        {
            var sb = new StringBuilder(size + 200);
            sb.Append("<INPUT>\n<is_free_tier_user>").Append(i % 2 == 0 ? "True" : "False").Append("</is_free_tier_user>\n<user_input>Request ")
              .Append(i).Append("</user_input>\n</INPUT>\n");
            while (sb.Length < size - 500)
            {
                sb.Append("<SCRATCHPAD_REASONING>");
                for (var p = 0; p < 6 && sb.Length < size - 500; p++)
                {
                    for (var w = 0; w < 120; w++)
                    {
                        sb.Append(words[random.Next(words.Length)]).Append(w % 17 == 16 ? ". " : " ");
                    }
                    sb.Append("\n\n");
                }
                sb.Append("</SCRATCHPAD_REASONING>\n<NEXT/>\n");
            }
            sb.Append("<OUTPUT>Answer ").Append(i).Append(".</OUTPUT>\n");
            files.Add(new ImportFile($"bench-{i:0000}.txt", Encoding.UTF8.GetBytes(sb.ToString())));
        }
        return files;
    }
}
