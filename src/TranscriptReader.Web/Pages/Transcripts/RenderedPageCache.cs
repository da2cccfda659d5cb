using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using TranscriptReader.Web.Compression;

namespace TranscriptReader.Web.Pages.Transcripts;

/// <summary>
/// Rendered, UTF-8 encoded parts of transcript pages with their compression, by a key that names the version
/// of what they show
/// (see <see cref="ShowModel"/>), so an entry is never stale: a write makes readers ask for a new key.
/// Entries are bounded by total size (<c>TranscriptPages:CacheMegabytes</c>, default 256) and leave after
/// ten minutes without a reader; a newer version of the same page replaces the older one at once, so a
/// transcript tagged all afternoon holds one entry, not hundreds. Concurrent requests for a key being
/// rendered wait for that one rendering.
/// </summary>
/// <remarks>
/// Both forms are held: the compressed one adds about a twelfth to an entry (83 of 985 KiB on the 1,000-tagging
/// page), and holding only it would make every identity client pay a decompression.
/// </remarks>
public sealed class RenderedPageCache : IDisposable
{
    public const string SizeSetting = "TranscriptPages:CacheMegabytes";
    public const int DefaultMegabytes = 256;
    private static readonly TimeSpan Sliding = TimeSpan.FromMinutes(10);

    private readonly MemoryCache cache;
    private readonly ConcurrentDictionary<string, Lazy<Task<PrecompressedHtml>>> rendering = new();
    private readonly ConcurrentDictionary<string, string> newestKeyOfPage = new();

    public RenderedPageCache(IConfiguration configuration)
    {
        var megabytes = configuration.GetValue(SizeSetting, DefaultMegabytes);
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, megabytes) * 1024L * 1024L });
    }

    /// <param name="page">Names the page whatever its version; <paramref name="key"/> names one version of it.</param>
    /// <param name="key">Changes whenever the page's content may have changed.</param>
    /// <param name="render">Renders the version named by <paramref name="key"/>.</param>
    public async Task<PrecompressedHtml> GetOrRenderAsync(string page, string key, Func<Task<PrecompressedHtml>> render)
    {
        if (cache.TryGetValue(key, out PrecompressedHtml? hit) && hit is not null)
        {
            return hit;
        }
        var mine = new Lazy<Task<PrecompressedHtml>>(render);
        var pending = rendering.GetOrAdd(key, mine);
        try
        {
            var bytes = await pending.Value;
            if (ReferenceEquals(pending, mine))
            {
                cache.Set(key, bytes, new MemoryCacheEntryOptions { Size = bytes.Size, SlidingExpiration = Sliding });
                // Versions only move forward, so the one this replaces is wanted only by requests already under
                // way (which have their bytes). Out-of-order renders can at worst evict a newer entry early.
                var previous = newestKeyOfPage.GetValueOrDefault(page);
                newestKeyOfPage[page] = key;
                if (previous is not null && previous != key)
                {
                    cache.Remove(previous);
                }
            }
            return bytes;
        }
        finally
        {
            if (ReferenceEquals(pending, mine))
            {
                rendering.TryRemove(new KeyValuePair<string, Lazy<Task<PrecompressedHtml>>>(key, mine));
            }
        }
    }

    public void Dispose() => cache.Dispose();
}
