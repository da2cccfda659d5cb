using TranscriptReader.Core.Importing;
using Xunit.Abstractions;

namespace TranscriptReader.Core.Tests.Importing;

/// <summary>
/// Imports the real published transcripts in ../shared/samples (next to the repository), when
/// that folder exists. Run with: dotnet test --filter Category=Samples
/// </summary>
[Trait("Category", "Samples")]
public sealed class SampleFileTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, int> ExpectedCounts = new()
    {
        ["2025-05-12T20-27-36-04-00_browser.json"] = 1,
        ["2025-05-12T20-28-26-04-00_security-guide.json"] = 3,
        ["mmlu-summary-choices.eval"] = 1,
        ["coding.json"] = 1,
        ["jailbreak_unsteered.json"] = 1,
        ["gold_106.first10.jsonl"] = 10,
    };

    [Fact]
    public void Every_sample_file_parses_with_the_expected_transcript_count()
    {
        var samples = FindSamplesFolder();
        if (samples is null)
        {
            output.WriteLine("No ../shared/samples folder next to the repository; nothing to check.");
            return;
        }

        var parser = new TranscriptParser();
        var files = Directory.EnumerateFiles(samples, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(files);

        foreach (var path in files)
        {
            var name = Path.GetRelativePath(samples, path);
            var results = parser.Parse(new ImportFile(name, File.ReadAllBytes(path)));
            foreach (var result in results)
            {
                Assert.True(result.Error is null, result.Error);
                foreach (var t in result.Transcripts)
                {
                    output.WriteLine($"{result.FileName}: [{t.Format}] \"{t.Title}\" model={t.Model ?? "-"} "
                        + $"at={t.SourceLocator ?? "-"} messages={t.Messages.Count} chars={t.CharCount}");
                }
            }
            var count = results.Sum(r => r.Transcripts.Count);
            output.WriteLine($"{name}: {count} transcript(s)");
            if (ExpectedCounts.TryGetValue(Path.GetFileName(path), out var expected))
            {
                Assert.Equal(expected, count);
            }
        }
    }

    private static string? FindSamplesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TranscriptReader.sln")))
            {
                var samples = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "samples"));
                return Directory.Exists(samples) ? samples : null;
            }
        }
        return null;
    }
}
