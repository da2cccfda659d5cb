using System.Text;
using TranscriptReader.Core.Importing;

namespace TranscriptReader.Core.Tests.Importing;

/// <summary>Shortcuts shared by the importer tests.</summary>
internal static class Parsing
{
    private static readonly TranscriptParser Parser = new();

    public static IReadOnlyList<FileParseResult> All(string fileName, string text, string? format = null, ImportLimits? limits = null) =>
        Parser.Parse(new ImportFile(fileName, Encoding.UTF8.GetBytes(text)), format, limits);

    public static IReadOnlyList<FileParseResult> All(string fileName, byte[] bytes, string? format = null, ImportLimits? limits = null) =>
        Parser.Parse(new ImportFile(fileName, bytes), format, limits);

    /// <summary>Parses a file expected to succeed with exactly one transcript.</summary>
    public static ParsedTranscript One(string fileName, string text, string? format = null)
    {
        var result = Assert.Single(All(fileName, text, format));
        Assert.Null(result.Error);
        return Assert.Single(result.Transcripts);
    }

    /// <summary>Parses a file expected to fail, returning its error message.</summary>
    public static string Error(string fileName, string text, string? format = null)
    {
        var result = Assert.Single(All(fileName, text, format));
        Assert.Empty(result.Transcripts);
        return Assert.IsType<string>(result.Error);
    }

    public static IEnumerable<string> AllTexts(ParsedTranscript transcript) =>
        transcript.Messages.SelectMany(m => m.Blocks).Select(b => b.Text);

    /// <summary>A fixture file from Importing/Fixtures (written from the formats' public documentation).</summary>
    public static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Importing", "Fixtures", name));

    /// <summary>Parses a fixture expected to succeed as one file result.</summary>
    public static IReadOnlyList<ParsedTranscript> FixtureTranscripts(string name, string? format = null)
    {
        var result = Assert.Single(All(name, Fixture(name), format));
        Assert.True(result.Error is null, result.Error);
        return result.Transcripts;
    }

    /// <summary>
    /// One line per block, "2 assistant (Claude) reasoning [caption]: text", so a whole transcript's
    /// messages, roles, speakers, kinds, captions and texts compare in one assertion.
    /// </summary>
    public static string[] Lines(ParsedTranscript transcript) =>
        transcript.Messages.SelectMany((m, i) => m.Blocks.Select(b =>
            $"{i} {m.Role}{(m.Speaker is { } s ? $" ({s})" : "")} {b.Kind}{(b.Caption is { } c ? $" [{c}]" : "")}: {b.Text}")).ToArray();
}
