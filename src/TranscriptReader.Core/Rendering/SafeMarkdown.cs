using System.Collections.Concurrent;
using System.Net;
using System.Text;
using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TranscriptReader.Core.Rendering;

/// <summary>
/// The one pipeline for untrusted Markdown (comments, label descriptions).
/// </summary>
/// <remarks>
/// Two independent layers, because Markdig alone is not a sanitizer: with raw HTML disabled it still emits
/// <c>javascript:</c> and <c>data:</c> links (any letter case, entity-encoded too), and its GenericAttributes
/// extension turns <c>{onclick=...}</c> into attributes (SafeMarkdownTests holds one case of each):
/// <list type="number">
/// <item>Markdig with raw HTML disabled and without GenericAttributes; after parsing, every link,
/// autolink and image URL is checked against a scheme allowlist (http, https, mailto, relative)
/// and a link with any other scheme is replaced by its text.</item>
/// <item>HtmlSanitizer with a narrow tag list, no style and no class attributes, which would also
/// catch anything the first layer missed.</item>
/// </list>
/// Images are rendered as ordinary links to the image rather than inline: an inline remote image
/// would make every reader's browser fetch a URL chosen by the commenter (a tracking pixel).
/// Headings are shifted down three levels (# becomes h4) so a comment cannot outshout the page.
/// <para>Markdig throws on text nested more deeply than it parses (about 128 levels: 1,000 "&gt; ", 10,000 "[",
/// a 300-level list, thousands of "*"), so one stored comment would break every page showing it. Writers refuse
/// text nested more than <see cref="MaxNesting"/> levels (<see cref="IsTooDeeplyNested"/>), and
/// <see cref="ToHtml"/> never throws: text it cannot render, stored before that check, is shown as escaped plain
/// text, with one warning logged per such text.</para>
/// Instances are immutable after construction (apart from that log-once set) and safe to share between threads.
/// </remarks>
public sealed class SafeMarkdown
{
    /// <summary>
    /// Block quotes, lists, list items, table parts, emphasis and links inside each other: at most this many levels.
    /// A ten-level nested list needs about 21, Markdig gives up near 128.
    /// </summary>
    public const int MaxNesting = 32;

    private const string LinkRel = "nofollow ugc noopener";
    private const int MaxRememberedFallbacks = 1000;
    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    /// <summary>For validation and tests; pages render with the instance from dependency injection, which logs fallbacks.</summary>
    // Declared after the fields the constructor reads: static initializers run in textual order.
    public static SafeMarkdown Instance { get; } = new();

    private readonly MarkdownPipeline pipeline;
    private readonly HtmlSanitizer sanitizer;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<int, bool> loggedFallbacks = new();

    /// <param name="logger">Receives one warning per text that could only be shown as plain text.</param>
    public SafeMarkdown(ILogger<SafeMarkdown>? logger = null)
    {
        this.logger = logger ?? NullLogger<SafeMarkdown>.Instance;
        pipeline = new MarkdownPipelineBuilder()
            .DisableHtml()
            .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
            .UsePipeTables()
            .UseAutoLinks()
            .Build();

        sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a",
                "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title", "start" },
            AllowedSchemes = new HashSet<string>(AllowedSchemes, StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedClasses = new HashSet<string>(),
        });
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement element && element.LocalName == "a")
            {
                element.SetAttribute("rel", LinkRel);
            }
        };
    }

    /// <summary>Safe HTML for <paramref name="markdown"/>; never throws (see the remarks on the class).</summary>
    public string ToHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        try
        {
            return Render(Markdown.Parse(markdown, pipeline));
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            if (loggedFallbacks.Count < MaxRememberedFallbacks && loggedFallbacks.TryAdd(StringComparer.Ordinal.GetHashCode(markdown), true))
            {
                logger.LogWarning(e, "Markdown of {Length} characters could not be rendered and is shown as plain text", markdown.Length);
            }
            return PlainText(markdown);
        }
    }

    /// <summary>
    /// True when <paramref name="markdown"/> nests more than <see cref="MaxNesting"/> levels, or so deeply that
    /// Markdig cannot parse it at all: such text is refused on write.
    /// </summary>
    public bool IsTooDeeplyNested(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        try
        {
            var document = Markdown.Parse(markdown, pipeline);
            if (Depth(document) > MaxNesting)
            {
                return true;
            }
            Render(document);
            return false;
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            return true;
        }
    }

    /// <summary>The message for text refused by <see cref="IsTooDeeplyNested"/>; <paramref name="what"/> is "The comment" and so on.</summary>
    public static string NestingMessage(string what) =>
        $"{what} is nested too deeply to display: quotes, lists, emphasis or links inside each other more than {MaxNesting} levels. Flatten it and try again.";

    /// <summary>Escaped text in paragraphs (blank lines) with line breaks: what a reader sees when Markdown cannot be rendered.</summary>
    internal static string PlainText(string text)
    {
        var sb = new StringBuilder(text.Length + 32);
        var paragraphs = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var paragraph in paragraphs)
        {
            sb.Append("<p>").Append(WebUtility.HtmlEncode(paragraph).Replace("\n", "<br>\n", StringComparison.Ordinal)).Append("</p>\n");
        }
        return sb.ToString();
    }

    /// <summary>Nested containers: blocks that hold blocks (quotes, lists, items, tables) and inlines that hold inlines.</summary>
    private static int Depth(MarkdownObject node)
    {
        var deepest = 0;
        switch (node)
        {
            case ContainerBlock blocks:
                foreach (var child in blocks)
                {
                    deepest = Math.Max(deepest, 1 + Depth(child));
                }
                break;
            case LeafBlock { Inline: { } inline }:
                deepest = Depth(inline);
                break;
            case ContainerInline inlines:
                foreach (var child in inlines)
                {
                    deepest = Math.Max(deepest, 1 + Depth(child));
                }
                break;
        }
        return deepest;
    }

    private string Render(MarkdownDocument document)
    {
        NeutralizeLinks(document);
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            heading.Level = Math.Min(6, heading.Level + 3);
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return sanitizer.Sanitize(writer.ToString());
    }

    /// <summary>
    /// Turns a tagging's quote into a Markdown block quote for "quote this passage": every line gets
    /// "&gt; " and nothing is escaped, so the quote reads as it does in the transcript. Ends with a
    /// blank line, since text typed right below a quote line would otherwise continue the quote.
    /// </summary>
    public static string QuoteAsMarkdown(string passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var lines = passage.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var sb = new StringBuilder(passage.Length + (lines.Length * 2) + 2);
        foreach (var line in lines)
        {
            sb.Append("> ").Append(line).Append('\n');
        }
        return sb.Append('\n').ToString();
    }

    /// <summary>
    /// True for http, https, mailto and scheme-less (relative) URLs. Browsers decode character
    /// references in attributes and ignore tabs, newlines and leading control characters inside a
    /// scheme, so the check does the same before looking for one; anything ambiguous counts as a scheme.
    /// </summary>
    internal static bool IsAllowedUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }
        var decoded = url;
        for (var i = 0; i < 3; i++)
        {
            var next = WebUtility.HtmlDecode(decoded);
            if (next == decoded)
            {
                break;
            }
            decoded = next;
        }
        var compact = new StringBuilder(decoded.Length);
        foreach (var c in decoded)
        {
            if (!char.IsWhiteSpace(c) && !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
            {
                compact.Append(c);
            }
        }
        var s = compact.ToString();
        var end = s.AsSpan().IndexOfAny(":/?#\\");
        if (end < 0 || s[end] != ':')
        {
            return true;
        }
        var scheme = s[..end];
        return AllowedSchemes.Any(a => string.Equals(a, scheme, StringComparison.OrdinalIgnoreCase));
    }

    private static void NeutralizeLinks(MarkdownDocument document)
    {
        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!autolink.IsEmail && !IsAllowedUrl(autolink.Url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (!IsAllowedUrl(link.Url))
            {
                Unwrap(link);
            }
            else if (link.IsImage)
            {
                ImageToLink(link);
            }
        }
    }

    private static void ImageToLink(LinkInline image)
    {
        var insideLink = false;
        for (var parent = image.Parent; parent is not null; parent = parent.Parent)
        {
            insideLink |= parent is LinkInline;
        }
        var isHttp = image.Url is not null
            && (image.Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                || image.Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        if (insideLink || !isHttp)
        {
            Unwrap(image);
            return;
        }
        image.IsImage = false;
        if (image.FirstChild is null)
        {
            image.AppendChild(new LiteralInline(image.Url!));
        }
    }

    /// <summary>Replaces a link by its content, so the words stay and the target goes.</summary>
    private static void Unwrap(LinkInline link)
    {
        var child = link.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            child.Remove();
            link.InsertBefore(child);
            child = next;
        }
        link.Remove();
    }
}
