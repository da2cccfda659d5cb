using Microsoft.Extensions.Caching.Memory;

namespace TranscriptReader.Core.Rendering;

/// <summary>
/// <see cref="SafeMarkdown"/> output of recently rendered texts, for pages that render many comments per request
/// (the recent-discussion feed renders 30): the sanitizer parses every comment's HTML again, which cost more than
/// all of that page's queries together.
/// </summary>
/// <remarks>
/// Keyed by the Markdown text itself, not by comment id: the HTML is a pure function of the text, so an edited
/// comment misses and renders afresh, and an entry can never show stale text. Bounded by characters held
/// (<see cref="MaxChars"/>); the least recently used entries go first.
/// </remarks>
/// <param name="markdown">The one pipeline for untrusted Markdown.</param>
public sealed class MarkdownCache(SafeMarkdown markdown) : IDisposable
{
    /// <summary>Characters of Markdown and HTML held at most (about 32 MB).</summary>
    public const long MaxChars = 16_000_000;

    /// <summary>Texts longer than this are rendered every time: they would crowd out many short comments.</summary>
    public const int MaxCachedLength = 64_000;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = MaxChars, CompactionPercentage = 0.25 });

    /// <summary>The same HTML as <see cref="SafeMarkdown.ToHtml"/>; never throws for any text.</summary>
    /// <param name="text">Untrusted Markdown.</param>
    public string ToHtml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (cache.TryGetValue(text, out string? html) && html is not null)
        {
            return html;
        }
        html = markdown.ToHtml(text);
        if (text.Length <= MaxCachedLength)
        {
            cache.Set(text, html, new MemoryCacheEntryOptions { Size = text.Length + html.Length, SlidingExpiration = TimeSpan.FromHours(6) });
        }
        return html;
    }

    public void Dispose() => cache.Dispose();
}
