using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using TranscriptReader.Core.Rendering;

namespace TranscriptReader.Core.Tests.Rendering;

public sealed partial class SafeMarkdownTests
{
    private static readonly HtmlParser Parser = new();

    private static readonly HashSet<string> ForbiddenElements =
    [
        "script", "iframe", "frame", "object", "embed", "form", "input", "button", "textarea", "select",
        "style", "svg", "math", "link", "meta", "base", "img", "video", "audio", "details",
    ];

    private static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"];

    public static TheoryData<string> XssPayloads => new()
    {
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;&#x61;vascript:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](jav&#x0A;ascript:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](  javascript:alert(1))",
        "[a](<javascript:alert(1)>)",
        "[x](javascript://%0aalert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "<vbscript:msgbox(1)>",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+)",
        "![x](javascript:alert(1))",
        "[![x](javascript:alert(1))](javascript:alert(2))",
        "[x][1]\n\n[1]: javascript:alert(1)",
        "[x][1]\n\n[1]: <vbscript:msgbox(1)> \"t\"",
        "[x]\n\n[x]: JaVaScRiPt&#58;alert(1)",
        "<img src=x onerror=alert(1)>",
        "hello {onclick=\"alert(1)\"}",
        "# heading {#id onclick=alert(1)}",
        "<script>alert(1)</script>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<svg onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<form action=\"https://evil\"><input name=x><button formaction=javascript:alert(1)>go</button></form>",
        "<style>body{display:none}</style>",
        "<details open ontoggle=alert(1)>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "**<span style=\"color:red\">x</span>**",
        "[<img src=x onerror=alert(1)>](https://example.com)",
        "[x](https://example.com \"a\\\" onmouseover=\\\"alert(1)\")",
        "[x](https://example.com\" onmouseover=\"alert(1))",
        "| a |\n|---|\n| [x](javascript:alert(1)) |",
        "> [x](javascript:alert(1))\n> - <script>alert(1)</script>",
        "`<script>alert(1)</script>`",
        "```html\n<script>alert(1)</script>\n```",
        "<!-- x --><scr<script>ipt>alert(1)</script>",
        "[x](\u0001javascript:alert(1))",
        "[x](javas\u200Bcript:alert(1))",
    };

    [Theory]
    [MemberData(nameof(XssPayloads))]
    public void Known_xss_payloads_render_without_active_content(string markdown)
    {
        var html = SafeMarkdown.Instance.ToHtml(markdown);

        AssertSafe(html);
    }

    [Theory]
    [InlineData("[click me](javascript:alert(1))")]
    [InlineData("[click me](JaVaScRiPt:alert(1))")]
    [InlineData("[click me][r]\n\n[r]: javascript:alert(1)")]
    public void Link_with_a_forbidden_scheme_keeps_its_text_without_a_link(string markdown)
    {
        var root = Parse(SafeMarkdown.Instance.ToHtml(markdown));

        Assert.Empty(root.QuerySelectorAll("a"));
        Assert.Contains("click me", root.TextContent);
    }

    [Fact]
    public void Autolink_with_a_forbidden_scheme_becomes_plain_text()
    {
        var root = Parse(SafeMarkdown.Instance.ToHtml("see <javascript:alert(1)>"));

        Assert.Empty(root.QuerySelectorAll("a"));
        Assert.Contains("javascript:alert(1)", root.TextContent);
    }

    [Fact]
    public void Raw_html_is_shown_as_text()
    {
        var root = Parse(SafeMarkdown.Instance.ToHtml("<b>bold?</b>"));

        Assert.Empty(root.QuerySelectorAll("b"));
        Assert.Equal("<b>bold?</b>", root.TextContent.Trim());
    }

    [Fact]
    public void Emphasis_strong_and_strikethrough_render()
    {
        var root = Parse(SafeMarkdown.Instance.ToHtml("*em* **strong** ~~gone~~"));

        Assert.Equal("em", root.QuerySelector("p > em")?.TextContent);
        Assert.Equal("strong", root.QuerySelector("p > strong")?.TextContent);
        Assert.Equal("gone", root.QuerySelector("p > del")?.TextContent);
    }

    [Fact]
    public void Lists_render()
    {
        var root = Parse(SafeMarkdown.Instance.ToHtml("- a\n- b\n\n1. one\n2. two"));

        Assert.Equal(["a", "b"], root.QuerySelectorAll("ul > li").Select(li => li.TextContent));
        Assert.Equal(["one", "two"], root.QuerySelectorAll("ol > li").Select(li => li.TextContent));
    }

    [Theory]
    [InlineData("[site](https://example.com/a?b=1 \"Title\")", "https://example.com/a?b=1")]
    [InlineData("[site](http://example.com)", "http://example.com")]
    [InlineData("[site](mailto:someone@example.com)", "mailto:someone@example.com")]
    [InlineData("[site](#tag-17)", "#tag-17")]
    [InlineData("[site](/transcripts/3#tag-17)", "/transcripts/3#tag-17")]
    [InlineData("[site](../other)", "../other")]
    [InlineData("[site](HTTPS://EXAMPLE.COM)", "HTTPS://EXAMPLE.COM")]
    public void Allowed_links_keep_their_href_and_get_rel_without_target(string markdown, string href)
    {
        var html = SafeMarkdown.Instance.ToHtml(markdown);
        var link = Parse(html).QuerySelector("a");

        Assert.NotNull(link);
        Assert.Equal(href, link.GetAttribute("href"));
        Assert.Equal("site", link.TextContent);
        Assert.Equal("nofollow ugc noopener", link.GetAttribute("rel"));
        Assert.False(link.HasAttribute("target"));
        AssertSafe(html);
    }

    [Fact]
    public void Link_title_is_kept()
    {
        var link = Parse(SafeMarkdown.Instance.ToHtml("[site](https://example.com \"The title\")")).QuerySelector("a");

        Assert.Equal("The title", link?.GetAttribute("title"));
    }

    [Theory]
    [InlineData("<https://example.com/x>", "https://example.com/x")]
    [InlineData("<someone@example.com>", "mailto:someone@example.com")]
    [InlineData("see https://example.com/y today", "https://example.com/y")]
    [InlineData("see www.example.com today", "http://www.example.com")]
    public void Autolinks_render_as_links_with_rel(string markdown, string href)
    {
        var link = Parse(SafeMarkdown.Instance.ToHtml(markdown)).QuerySelector("a");

        Assert.Equal(href, link?.GetAttribute("href"));
        Assert.Equal("nofollow ugc noopener", link?.GetAttribute("rel"));
    }

    [Fact]
    public void Images_render_as_links_to_the_image_with_the_alt_text()
    {
        var root = Parse(SafeMarkdown.Instance.ToHtml("![a cat](https://example.com/cat.png)"));

        Assert.Empty(root.QuerySelectorAll("img"));
        var link = root.QuerySelector("a");
        Assert.Equal("https://example.com/cat.png", link?.GetAttribute("href"));
        Assert.Equal("a cat", link?.TextContent);
    }

    [Fact]
    public void Image_without_alt_text_shows_its_url()
    {
        var link = Parse(SafeMarkdown.Instance.ToHtml("![](https://example.com/cat.png)")).QuerySelector("a");

        Assert.Equal("https://example.com/cat.png", link?.TextContent);
    }

    [Fact]
    public void Relative_image_renders_only_its_alt_text()
    {
        var root = Parse(SafeMarkdown.Instance.ToHtml("![a cat](/cat.png)"));

        Assert.Empty(root.QuerySelectorAll("a, img"));
        Assert.Equal("a cat", root.TextContent.Trim());
    }

    [Fact]
    public void Inline_code_is_escaped_text()
    {
        var code = Parse(SafeMarkdown.Instance.ToHtml("use `<b>&` here")).QuerySelector("p > code");

        Assert.Equal("<b>&", code?.TextContent);
        Assert.Empty(code!.Children);
    }

    [Fact]
    public void Fenced_code_renders_as_pre_code_without_class()
    {
        var code = Parse(SafeMarkdown.Instance.ToHtml("```csharp\nvar x = \"<y>\";\n```")).QuerySelector("pre > code");

        Assert.Equal("var x = \"<y>\";\n", code?.TextContent);
        Assert.False(code!.HasAttribute("class"));
    }

    [Fact]
    public void Block_quote_renders()
    {
        var quote = Parse(SafeMarkdown.Instance.ToHtml("> quoted *text*\n\nreply")).QuerySelector("blockquote");

        Assert.Equal("quoted text", quote?.TextContent.Trim());
        Assert.NotNull(quote!.QuerySelector("p > em"));
    }

    [Fact]
    public void Headings_are_shifted_down_three_levels()
    {
        var root = Parse(SafeMarkdown.Instance.ToHtml("# One\n\n## Two\n\n###### Six"));

        Assert.Equal(["h4", "h5", "h6"], root.Children.Select(e => e.LocalName));
    }

    [Fact]
    public void Pipe_tables_render_without_style_attributes()
    {
        var html = SafeMarkdown.Instance.ToHtml("| a | b |\n|:--|--:|\n| 1 | 2 |");
        var root = Parse(html);

        Assert.Equal(["a", "b"], root.QuerySelectorAll("table thead th").Select(th => th.TextContent));
        Assert.Equal(["1", "2"], root.QuerySelectorAll("table tbody td").Select(td => td.TextContent));
        AssertSafe(html);
    }

    [Fact]
    public void Task_list_syntax_stays_text_rather_than_a_checkbox()
    {
        var root = Parse(SafeMarkdown.Instance.ToHtml("- [x] done"));

        Assert.Empty(root.QuerySelectorAll("input"));
        Assert.Equal("[x] done", root.QuerySelector("li")?.TextContent);
    }

    [Fact]
    public void Rendering_from_many_threads_gives_the_same_result()
    {
        const string markdown = "*a* [b](https://example.com) <javascript:x> `c`";
        var expected = SafeMarkdown.Instance.ToHtml(markdown);
        var results = new string[200];

        Parallel.For(0, results.Length, i => results[i] = SafeMarkdown.Instance.ToHtml(markdown));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Quote_as_markdown_prefixes_every_line_and_escapes_nothing()
    {
        Assert.Equal("> I *will* <guard>\n> \n> my goal\n\n", SafeMarkdown.QuoteAsMarkdown("I *will* <guard>\n\nmy goal"));
    }

    [Fact]
    public void Quote_as_markdown_normalizes_carriage_returns()
    {
        Assert.Equal("> a\n> b\n> c\n\n", SafeMarkdown.QuoteAsMarkdown("a\r\nb\rc"));
    }

    [Fact]
    public void Quoted_passage_renders_as_one_block_quote_and_a_following_reply_stays_outside()
    {
        var markdown = SafeMarkdown.QuoteAsMarkdown("first line\nsecond line") + "my reply";

        var root = Parse(SafeMarkdown.Instance.ToHtml(markdown));

        Assert.Equal("first line\nsecond line", root.QuerySelector("blockquote")?.TextContent.Trim());
        Assert.Equal("my reply", root.QuerySelector(":scope > p")?.TextContent);
    }

    [Theory]
    [InlineData("https://example.com", true)]
    [InlineData("HTTP://example.com", true)]
    [InlineData("mailto:a@b.c", true)]
    [InlineData("#frag", true)]
    [InlineData("/path:with-colon", true)]
    [InlineData("relative/path?q=a:b", true)]
    [InlineData("", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData(" \tjava\nscript:alert(1)", false)]
    [InlineData("javascript&#58;alert(1)", false)]
    [InlineData("&#106;avascript:alert(1)", false)]
    [InlineData("javascript&amp;#58;alert(1)", false)]
    [InlineData("data:text/html,x", false)]
    [InlineData("vbscript:x", false)]
    [InlineData("ftp://example.com", false)]
    [InlineData("tel:123", false)]
    public void Url_allowlist_decodes_and_strips_before_reading_the_scheme(string url, bool allowed)
    {
        Assert.Equal(allowed, SafeMarkdown.IsAllowedUrl(url));
    }

    private static IElement Parse(string html) =>
        Parser.ParseDocument($"<!DOCTYPE html><html><head></head><body><div id=\"root\">{html}</div></body></html>")
            .GetElementById("root")!;

    /// <summary>
    /// Independent of the implementation: parses like a browser and checks every element and attribute.
    /// </summary>
    private static void AssertSafe(string html)
    {
        foreach (var element in Parse(html).QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.LocalName, ForbiddenElements);
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler in {html}");
                Assert.NotEqual("style", attribute.Name, StringComparer.OrdinalIgnoreCase);
                Assert.NotEqual("class", attribute.Name, StringComparer.OrdinalIgnoreCase);
                if (UrlAttributes.Contains(attribute.Name, StringComparer.OrdinalIgnoreCase))
                {
                    var scheme = BrowserScheme(attribute.Value);
                    Assert.True(scheme is null or "http" or "https" or "mailto", $"scheme '{scheme}' in {html}");
                }
            }
            if (element.LocalName == "a")
            {
                Assert.Equal("nofollow ugc noopener", element.GetAttribute("rel"));
                Assert.False(element.HasAttribute("target"));
            }
        }
    }

    /// <summary>The scheme a browser would see: C0 controls and spaces trimmed, tabs and newlines removed.</summary>
    private static string? BrowserScheme(string url)
    {
        var cleaned = url.Trim(Enumerable.Range(0, 0x21).Select(i => (char)i).ToArray()).Replace("\t", "").Replace("\n", "").Replace("\r", "");
        var match = SchemePattern().Match(cleaned);
        return match.Success ? match.Groups[1].Value.ToLowerInvariant() : null;
    }

    [GeneratedRegex("^([a-zA-Z][a-zA-Z0-9+.-]*):")]
    private static partial Regex SchemePattern();
}

/// <summary>Markdig throws on deep nesting; rendering must never throw, and such text is refused on write.</summary>
public sealed class SafeMarkdownNestingTests
{
    public static TheoryData<string> Bombs => new()
    {
        string.Concat(Enumerable.Repeat("> ", 1000)) + "x",
        new string('[', 10_000),
        string.Concat(Enumerable.Repeat("- ", 300)) + "x",
        string.Join("\n", Enumerable.Range(0, 300).Select(i => new string(' ', i * 2) + "- x")),
        new string('*', 3000) + "a" + new string('*', 3000),
        new string('_', 3000) + "a" + new string('_', 3000),
        string.Concat(Enumerable.Repeat("> - ", 200)) + "x",
        string.Concat(Enumerable.Repeat("> 1. ", 200)) + "<script>alert(1)</script>",
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public void Rendering_deeply_nested_text_never_throws_and_shows_it_as_escaped_text(string markdown)
    {
        var html = SafeMarkdown.Instance.ToHtml(markdown);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        var text = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).Body!.TextContent;
        Assert.Contains(markdown.Trim()[..10], text.Trim());
    }
}
