using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.StaticFiles;

namespace TranscriptReader.Web.Setup;

/// <summary>
/// Cache headers for the files in wwwroot. <c>asp-append-version</c> appends <c>?v=</c> and a hash of
/// the file's content: a URL whose hash is that of the file being served names that content for good,
/// so browsers may keep it. Everything else is revalidated on each use (a cheap 304 through the ETag).
/// The ES modules need that: a page's <c>&lt;script type="module"&gt;</c> entry is versioned, but the
/// modules it imports are fetched by plain relative URLs, and a heuristically cached old module next
/// to a new entry would run a mix of two releases after a deploy.
/// </summary>
/// <remarks>
/// The hash is checked rather than trusted because during a rolling deploy an old instance can be
/// asked for a new version's URL: it must not let its old file be kept under that name for a year.
/// </remarks>
public static class StaticFileCaching
{
    public const string Versioned = "public, max-age=31536000, immutable";
    public const string Unversioned = "no-cache";

    public static StaticFileOptions Options { get; } = new() { OnPrepareResponse = Apply };

    private static void Apply(StaticFileResponseContext context)
    {
        var http = context.Context;
        http.Response.Headers.CacheControl = IsCurrentVersion(http) ? Versioned : Unversioned;
    }

    private static bool IsCurrentVersion(HttpContext http)
    {
        var requested = http.Request.Query["v"];
        if (requested.Count != 1 || string.IsNullOrEmpty(requested[0]))
        {
            return false;
        }
        var versions = http.RequestServices.GetRequiredService<IFileVersionProvider>();
        var current = versions.AddFileVersionToPath(http.Request.PathBase, http.Request.Path.Value ?? "");
        return current.EndsWith("?v=" + requested[0], StringComparison.Ordinal);
    }
}
