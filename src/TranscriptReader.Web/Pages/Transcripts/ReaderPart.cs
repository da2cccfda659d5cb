using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Web.Pages.Transcripts;

/// <summary>
/// The model of <c>_Reader.cshtml</c>, the part of the reading page shared by every reader of one version of it:
/// a snapshot and whether it is rendered for signed-in readers (hints, tab stops, the popover's labels).
/// </summary>
/// <param name="Page">What every reader of this version sees.</param>
/// <param name="SignedIn">Whether this rendering is the signed-in readers' variant.</param>
public sealed partial record ReaderPart(TranscriptPage Page, bool SignedIn)
{
    /// <summary>Blocks longer than this start collapsed (their full text stays in the page).</summary>
    public const int LongBlockChars = 4000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// One tagging for the page script. Label and reader names are sent once each (see <see cref="SharedJson"/>)
    /// and the quote is read from the block text already in the page, so 500 taggings stay small.
    /// </summary>
    private sealed record PageTagging(
        long Id, long BlockId, int Start, int End, int LabelId, string? AppliedLabel, string UserId,
        int Agrees, int Disputes, string Status, DateTimeOffset CreatedAt, int Comments);

    public string SourceText => Page.Transcript.SourceLocator is null
        ? Page.Transcript.Source
        : Page.Transcript.Source + " — " + Page.Transcript.SourceLocator;

    public bool IsScratchpadFormat => Page.Transcript.Format == TranscriptFormats.AlignmentFaking;

    /// <summary>
    /// The taggings for the page script, with each label and reader name once. The default encoder escapes
    /// &lt;, &gt; and &amp;, so the JSON cannot end the script element.
    /// </summary>
    public string SharedJson() => JsonSerializer.Serialize(new
    {
        labels = Page.Taggings.GroupBy(t => t.LabelId).ToDictionary(g => g.Key, g => new { name = g.First().Label, color = g.First().Color }),
        users = Page.Readers.ToDictionary(r => r.Id, r => r.Name),
        taggings = Page.Taggings.Select(t => new PageTagging(
            t.Id, t.BlockId, t.Start, t.End, t.LabelId,
            string.Equals(t.AppliedLabel, t.Label, StringComparison.Ordinal) ? null : t.AppliedLabel,
            t.UserId, t.Agrees, t.Disputes, t.Status, t.CreatedAt, Page.TaggingCommentCounts.GetValueOrDefault(t.Id))),
    }, Json);

    /// <summary>Canonical labels with aliases for the popover (rendered for signed-in readers only).</summary>
    public string LabelsJson() => JsonSerializer.Serialize(Page.Labels, Json);

    public static string RoleLabel(string role) => role switch
    {
        MessageRoles.System => "System",
        MessageRoles.User => "User",
        MessageRoles.Assistant => "Assistant",
        MessageRoles.Tool => "Tool",
        _ => role,
    };

    public string? KindLabel(string kind) => kind switch
    {
        BlockKinds.Reasoning => IsScratchpadFormat ? "Scratchpad" : "Reasoning",
        BlockKinds.DraftOutput => "Draft output (inside the scratchpad)",
        BlockKinds.RedactedReasoning => "Reasoning redacted",
        BlockKinds.Output => "Output",
        BlockKinds.ToolCall => "Tool call",
        BlockKinds.ToolResult => "Tool result",
        _ => null,
    };

    public static bool IsReasoning(string kind) =>
        kind is BlockKinds.Reasoning or BlockKinds.DraftOutput or BlockKinds.RedactedReasoning;

    /// <summary>
    /// The sidebar shows two lines of a quote, where line breaks render as spaces anyway: runs of white space
    /// become one space before the quote is cut, so hundreds of items carry no encoded line breaks.
    /// </summary>
    public static string SidebarQuote(string quote) => Excerpt(WhiteSpaceRun().Replace(quote, " "), 140);

    /// <summary>The start of a quote for the sidebar, never cutting an emoji in half.</summary>
    public static string Excerpt(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut] + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpaceRun();
}
