using System.Collections.Concurrent;
using Markdig;
using Markdig.Syntax;
using Ganss.Xss;
using Markdig.Syntax.Inlines;

namespace TranscriptReader.Web.Pages.Help;

/// <summary>
/// The reference pages of <c>docs/</c> that readers of the site need (the export columns and the agreement
/// definitions), served as help pages inside the site's layout so the page that mentions them can link to them.
/// </summary>
/// <remarks>
/// The Markdown files are the repository's own <c>docs/*.md</c>, copied beside the app's assembly at build and
/// publish time (the project file links them into <c>docs/</c>), so the help page and the repository never
/// disagree. They are read once and rendered once per process: they change only with a new build. Links
/// between them (<c>agreement.md</c>) are rewritten to their help pages; raw HTML stays disabled and the result
/// goes through HtmlSanitizer (its default lists, which keep headings and their ids), although the files are the
/// project's own: the page writes it raw, and every raw string on the site comes from a sanitizer.
/// </remarks>
public sealed class HelpDocuments
{
    /// <summary>Help page name (the route's <c>{name}</c>) → file under docs/.</summary>
    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Exports"] = "exports.md",
        ["Agreement"] = "agreement.md",
    };

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseAutoIdentifiers().DisableHtml().Build();

    private static readonly HtmlSanitizer Sanitizer = new();

    private readonly ConcurrentDictionary<string, Lazy<HelpDocument?>> rendered = new(StringComparer.OrdinalIgnoreCase);
    private readonly string folder;

    /// <param name="folder">Where the Markdown files are; by default <c>docs/</c> beside the app's assembly.</param>
    public HelpDocuments(string? folder = null) => this.folder = folder ?? Path.Combine(AppContext.BaseDirectory, "docs");

    /// <summary>The help page of that name, rendered; null when there is none (or its file is missing).</summary>
    /// <param name="name">A key of <see cref="Files"/>, any letter case.</param>
    public HelpDocument? Find(string name) =>
        Files.TryGetValue(name, out var file)
            ? rendered.GetOrAdd(name, _ => new Lazy<HelpDocument?>(() => Render(Path.Combine(folder, file)))).Value
            : null;

    private static HelpDocument? Render(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var document = Markdown.Parse(File.ReadAllText(path), Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (link.Url is { } url && Files.FirstOrDefault(f => string.Equals(f.Value, url, StringComparison.OrdinalIgnoreCase)).Key is { } page)
            {
                link.Url = "/Help/" + page;
            }
        }
        var title = document.Descendants<HeadingBlock>().FirstOrDefault(h => h.Level == 1)?.Inline?.FirstChild?.ToString() ?? Path.GetFileName(path);
        return new HelpDocument(title, Sanitizer.Sanitize(document.ToHtml(Pipeline)));
    }
}

/// <summary>A rendered help page.</summary>
/// <param name="Title">Its first heading.</param>
/// <param name="Html">The whole document as HTML (its first heading included).</param>
public sealed record HelpDocument(string Title, string Html);
