namespace TranscriptReader.Core.Tests;

/// <summary>
/// The project's size rule for C#: no file under <c>src/</c> over 350 lines, so a newcomer can read any of
/// them in one sitting (the JavaScript rule, 300 lines, is checked by the node tests). A file that grows
/// past it is split by responsibility, not trimmed of its comments.
/// </summary>
public sealed class SourceFileSizeTests
{
    public const int MaxLines = 350;

    [Fact]
    public void No_CSharp_file_in_src_is_over_350_lines()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories).Where(IsSource).ToList();

        // Counted like `wc -l`: line ends.
        var over = files.Select(f => (Path: Path.GetRelativePath(src, f), Lines: File.ReadAllText(f).Count(c => c == '\n')))
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"src/{f.Path.Replace('\\', '/')}: {f.Lines} lines")
            .ToList();

        Assert.NotEmpty(files);
        Assert.True(over.Count == 0, $"Over {MaxLines} lines (split them by responsibility): " + string.Join("; ", over));
    }

    /// <summary>Written by hand: not build output under bin/ or obj/.</summary>
    private static bool IsSource(string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return !parts.Contains("bin") && !parts.Contains("obj");
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
