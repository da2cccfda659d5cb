namespace TranscriptReader.Web.Setup;

/// <summary>
/// Security headers on every response — pages, the API, static files, error and status pages — set when the
/// response starts, so nothing that clears the response on the way (the exception handler) loses them.
/// </summary>
/// <remarks>
/// Scripts come only from this origin: no inline scripts, no inline event handlers, no <c>javascript:</c> URLs
/// (data blocks in <c>&lt;script type="application/json"&gt;</c> are not scripts and are fine). Style sheets too
/// come only from this origin, but <c>style=""</c> attributes are allowed: highlight and label colours are set
/// that way (<c>style="--hl:#…"</c>), the values are validated colours, and untrusted Markdown never carries a
/// style attribute (the sanitizer removes it). Images are links, not inline (see <c>SafeMarkdown</c>).
/// </remarks>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                // An endpoint may set a stricter policy of its own (an image served alone is sandboxed).
                if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                }
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                // Reset and invite links carry their secret in the address: never send it to another site.
                headers["Referrer-Policy"] = "same-origin";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.Remove("Server");
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
}
