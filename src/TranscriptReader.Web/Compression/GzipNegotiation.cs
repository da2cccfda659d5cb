using Microsoft.Net.Http.Headers;

namespace TranscriptReader.Web.Compression;

/// <summary>Whether a request's <c>Accept-Encoding</c> lets the response be gzip (RFC 9110 12.5.3).</summary>
public static class GzipNegotiation
{
    /// <summary>
    /// True when <c>gzip</c> (or <c>x-gzip</c>) is listed with a quality above zero, or when it is not listed and
    /// <c>*</c> is, with a quality above zero. No header, or one that does not parse, means identity.
    /// </summary>
    /// <param name="request">The request whose header is read.</param>
    public static bool AcceptsGzip(HttpRequest request)
    {
        var header = request.Headers.AcceptEncoding;
        if (header.Count == 0 || !StringWithQualityHeaderValue.TryParseList(header, out var codings))
        {
            return false;
        }
        double? gzip = null;
        double? any = null;
        foreach (var coding in codings)
        {
            var quality = coding.Quality ?? 1.0;
            if (coding.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Value.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
            {
                gzip = Math.Max(gzip ?? 0, quality);
            }
            else if (coding.Value.Equals("*", StringComparison.Ordinal))
            {
                any = Math.Max(any ?? 0, quality);
            }
        }
        return (gzip ?? any ?? 0) > 0;
    }
}
