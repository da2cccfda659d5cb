using TranscriptReader.Core.Importing;
using Xunit.Abstractions;

namespace TranscriptReader.Core.Tests.Importing;

/// <summary>
/// Imports the real published transcripts in ../shared/samples (next to the repository; CI has it). The
/// folder missing is a failure, not a pass: leave these out with --filter "Category!=Samples" where there
/// are no samples, or point TR_SAMPLES at a copy. Run them alone with --filter Category=Samples.
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
        var samples = FindSamplesFolder(out var looked);
        Assert.True(samples is not null,
            $"The published sample transcripts are missing: no shared/samples folder at {string.Join(", ", looked)}. "
            + "CI has them next to the repository; elsewhere set TR_SAMPLES to the folder, or leave these tests out with "
            + "--filter \"Category!=Samples\".");

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

    /// <summary>
    /// TR_SAMPLES when set; otherwise shared/samples beside the repository (../shared/samples), or beside a folder
    /// above it, which is where a git worktree of the repository finds the same shared folder.
    /// </summary>
    private static string? FindSamplesFolder(out List<string> looked)
    {
        looked = [];
        if (Environment.GetEnvironmentVariable("TR_SAMPLES") is { Length: > 0 } configured)
        {
            looked.Add(configured + " (TR_SAMPLES)");
            return Directory.Exists(configured) ? configured : null;
        }
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "TranscriptReader.sln")))
        {
            root = root.Parent;
        }
        for (var dir = root?.Parent; dir is not null; dir = dir.Parent)
        {
            var samples = Path.Combine(dir.FullName, "shared", "samples");
            looked.Add(samples);
            if (Directory.Exists(samples))
            {
                return samples;
            }
        }
        return null;
    }
}
