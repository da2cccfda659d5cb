using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Taggings;
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
    private ImmutableArray<TagEntry>? entries;

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
        int Agrees, int Disputes, string Status, DateTimeOffset CreatedAt, int Comments, long? AlternativeTo);

    public string SourceText => Page.Transcript.SourceLocator is null
        ? Page.Transcript.Source
        : Page.Transcript.Source + " — " + Page.Transcript.SourceLocator;

    public bool IsScratchpadFormat => Page.Transcript.Format == TranscriptFormats.AlignmentFaking;

    /// <summary>The tag list's entries: tags, with a tag and its counter-labels on the same span as one dispute.</summary>
    public ImmutableArray<TagEntry> TagEntries => entries ??= TagDisputes.Of(Page.Groups);

    /// <summary>"5 tags" or "5 tags, 1 dispute": a dispute's competing labels count as tags (see <see cref="TagEntry"/>).</summary>
    public string TagCountText => (Page.Groups.Length == 1 ? "1 tag" : Page.Groups.Length.ToString(CultureInfo.InvariantCulture) + " tags")
        + (DisputesText is { } disputes ? ", " + disputes : "");

    /// <summary>"1 dispute", "2 disputes", or null when no tag is disputed by a counter-label.</summary>
    public string? DisputesText => TagEntries.Count(e => e.IsDispute) switch
    {
        0 => null,
        1 => "1 dispute",
        var n => n.ToString(CultureInfo.InvariantCulture) + " disputes",
    };

    /// <summary>
    /// The taggings for the page script, with each label and reader name once. The default encoder escapes
    /// &lt;, &gt; and &amp;, so the JSON cannot end the script element.
    /// </summary>
    public string SharedJson() => TaggingsJson(Page.Taggings, Page.Readers.ToDictionary(r => r.Id, r => r.Name), Page.TaggingCommentCounts);

    /// <summary>
    /// The page script's tagging data (<c>tr-taggings</c>) for any set of taggings: the transcript page's, or both
    /// columns' of the side-by-side page. <paramref name="users"/> names every tagger once.
    /// </summary>
    public static string TaggingsJson(IEnumerable<TaggingView> taggings, IReadOnlyDictionary<string, string> users, IReadOnlyDictionary<long, int> comments)
    {
        var list = taggings as IReadOnlyCollection<TaggingView> ?? [.. taggings];
        return JsonSerializer.Serialize(new
        {
            labels = list.GroupBy(t => t.LabelId).ToDictionary(g => g.Key, g => new { name = g.First().Label, color = g.First().Color }),
            users,
            taggings = list.Select(t => new PageTagging(
                t.Id, t.BlockId, t.Start, t.End, t.LabelId,
                string.Equals(t.AppliedLabel, t.Label, StringComparison.Ordinal) ? null : t.AppliedLabel,
                t.UserId, t.Agrees, t.Disputes, t.Status, t.CreatedAt, comments.GetValueOrDefault(t.Id), t.AlternativeTo)),
        }, Json);
    }

    /// <summary>Canonical labels with aliases for the popover (rendered for signed-in readers only).</summary>
    public string LabelsJson() => LabelsJson(Page.Labels);

    /// <summary>Label choices for the tagging popover (<c>tr-labels</c>).</summary>
    public static string LabelsJson(IEnumerable<LabelOption> labels) => JsonSerializer.Serialize(labels, Json);

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
