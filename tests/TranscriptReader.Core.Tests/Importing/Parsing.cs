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
}
