using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace TranscriptReader.Web.Compression;

/// <summary>
/// On a page that writes a <see cref="PrecompressedHtml"/> part (the transcript page), serves the rendered page
/// as gzip to clients that accept it, splicing the part's cached compression in (<see cref="SplicedGzipStream"/>):
/// per request only the CRC of the whole is computed, nothing is compressed.
/// </summary>
/// <remarks>
/// A result filter because the member must be ended after the view has written everything, and only when it
/// has: a result that failed (the exception handler then clears the response and renders the error page) is
/// left unended, and the original body is put back either way. Results other than the page itself (not found,
/// redirects) are left alone. HEAD gets the headers GET would (the server drops the body), so both agree.
/// </remarks>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SplicedGzipAttribute : Attribute, IAsyncResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        var response = context.HttpContext.Response;
        if (context.Result is not PageResult)
        {
            await next();
            return;
        }
        response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        if (!GzipNegotiation.AcceptsGzip(context.HttpContext.Request))
        {
            await next();
            return;
        }
        var original = response.Body;
        var gzip = new SplicedGzipStream(original);
        response.Body = gzip;
        response.Headers.ContentEncoding = "gzip";
        try
        {
            var executed = await next();
            if (executed.Exception is null || executed.ExceptionHandled)
            {
                await gzip.CompleteAsync(context.HttpContext.RequestAborted);
            }
        }
        finally
        {
            response.Body = original;
        }
    }
}
