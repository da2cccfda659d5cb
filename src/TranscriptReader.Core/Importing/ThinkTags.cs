using System.Text.RegularExpressions;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// Reasoning that a model wrote inline, between &lt;think&gt;, &lt;thinking&gt; or &lt;HIDDEN_SCRATCHPAD&gt; tags
/// (any letter case, attributes allowed: &lt;think signature="…"&gt;). Rules:
/// <list type="bullet">
/// <item>An opening tag counts only at the start of a line (after spaces), so prose that mentions
/// "the &lt;think&gt; tag" inline stays text.</item>
/// <item>A closing tag with no opening tag anywhere before it (chat templates that put the opening tag
/// in the prompt) makes everything before it reasoning.</item>
/// <item>A tag that never closes makes the rest of the text reasoning (a response cut off mid-thought).</item>
/// <item>Text outside the tags becomes output blocks; each piece is trimmed and empty pieces are dropped.</item>
/// </list>
/// </summary>
internal static partial class ThinkTags
{
    /// <summary>The blocks of an assistant text with inline reasoning, or null when it has no reasoning tags.</summary>
    public static List<ParsedBlock>? Split(string text)
    {
        if (text.IndexOf('<') < 0)
        {
            return null;
        }
        var opening = OpeningTag().Match(text);
        var closing = ClosingTag().Match(text);
        if (!opening.Success && !closing.Success)
        {
            return null;
        }

        var blocks = new List<ParsedBlock>();
        var pos = 0;
        if (closing.Success && (!opening.Success || closing.Index < opening.Index)
            && !AnyOpeningTag().IsMatch(text.AsSpan(0, closing.Index)))
        {
            Add(blocks, BlockKinds.Reasoning, text[..closing.Index]);
            pos = closing.Index + closing.Length;
        }
        else if (!opening.Success)
        {
            return null;
        }

        while (pos < text.Length)
        {
            var open = OpeningTag().Match(text, pos);
            if (!open.Success)
            {
                Add(blocks, BlockKinds.Output, text[pos..]);
                break;
            }
            Add(blocks, BlockKinds.Output, text[pos..open.Index]);
            var contentStart = open.Index + open.Length;
            var closeTag = $"</{open.Groups["name"].Value}>";
            var close = text.IndexOf(closeTag, contentStart, StringComparison.OrdinalIgnoreCase);
            if (close < 0)
            {
                Add(blocks, BlockKinds.Reasoning, text[contentStart..]);
                break;
            }
            Add(blocks, BlockKinds.Reasoning, text[contentStart..close]);
            pos = close + closeTag.Length;
        }
        return blocks;
    }

    private static void Add(List<ParsedBlock> blocks, string kind, string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0)
        {
            blocks.Add(new ParsedBlock(kind, trimmed));
        }
    }

    [GeneratedRegex(@"^[ \t]*<(?<name>think|thinking|HIDDEN_SCRATCHPAD)(?:\s[^<>]*)?>", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex OpeningTag();

    [GeneratedRegex(@"<(?:think|thinking|HIDDEN_SCRATCHPAD)[\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex AnyOpeningTag();

    [GeneratedRegex(@"</(?:think|thinking|HIDDEN_SCRATCHPAD)>", RegexOptions.IgnoreCase)]
    private static partial Regex ClosingTag();
}
