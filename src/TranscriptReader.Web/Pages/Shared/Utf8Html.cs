using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.WebUtilities;

namespace TranscriptReader.Web.Pages.Shared;

/// <summary>
/// HTML that is already encoded as UTF-8 (a cached rendering), written to the response as the bytes it is.
/// </summary>
/// <remarks>
/// Razor buffers a page with its layout and writes it out at the end (<c>RazorView</c>), awaiting
/// <see cref="IHtmlAsyncContent.WriteToAsync"/> for content like this with Razor's own buffering writer over
/// the response's <see cref="HttpResponseStreamWriter"/>, which is the view context's writer at that moment.
/// Written as text, half a megabyte would be decoded, copied through both writers' buffers and encoded again on
/// every request, which cost more than everything else the transcript page does. Instead, what precedes it is
/// flushed through both writers and the bytes go to the response body; what follows is written after them.
/// Any other writer (a buffer that is not the response, a test's <see cref="StringWriter"/>) gets the text.
/// </remarks>
/// <param name="utf8">Valid UTF-8 of HTML that needs no further encoding.</param>
/// <param name="viewContext">The view it is written in, for the response and its writer.</param>
public sealed class Utf8HtmlContent(ReadOnlyMemory<byte> utf8, ViewContext viewContext) : IHtmlAsyncContent
{
    public void WriteTo(TextWriter writer, HtmlEncoder encoder) => writer.Write(Encoding.UTF8.GetString(utf8.Span));

    public async ValueTask WriteToAsync(TextWriter writer)
    {
        if (viewContext.Writer is HttpResponseStreamWriter response && (ReferenceEquals(writer, response) || IsRazorBufferOver(writer)))
        {
            await writer.FlushAsync();
            await response.FlushAsync();
            await viewContext.HttpContext.Response.Body.WriteAsync(utf8);
            return;
        }
        await writer.WriteAsync(Encoding.UTF8.GetString(utf8.Span));
    }

    /// <summary>
    /// Razor's buffering writer is internal to the assembly of <see cref="ViewContext"/>; while the view context
    /// writes to the response, a writer of that assembly is the one Razor put in front of it.
    /// </summary>
    private static bool IsRazorBufferOver(TextWriter writer) => writer.GetType().Assembly == typeof(ViewContext).Assembly;
}

public static class Utf8HtmlExtensions
{
    /// <summary>Like <c>Html.Raw</c>, for HTML already encoded as UTF-8 (see <see cref="Utf8HtmlContent"/>).</summary>
    /// <param name="html">The view's HTML helper.</param>
    /// <param name="utf8">Valid UTF-8 of HTML that needs no further encoding.</param>
    public static IHtmlContent RawUtf8(this IHtmlHelper html, ReadOnlyMemory<byte> utf8) => new Utf8HtmlContent(utf8, html.ViewContext);
}
