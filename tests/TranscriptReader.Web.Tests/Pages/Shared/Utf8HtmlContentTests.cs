using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.WebUtilities;
using TranscriptReader.Web.Pages.Shared;

namespace TranscriptReader.Web.Tests.Pages.Shared;

/// <summary>
/// Cached UTF-8 goes to the response body as bytes, in order with the text around it, when it is written to the
/// response's writer; any other writer gets the same HTML as text. (The page tests cover Razor's own buffering
/// writer in front of the response.)
/// </summary>
public sealed class Utf8HtmlContentTests
{
    private static readonly byte[] Html = Encoding.UTF8.GetBytes("<b>Überzeugung 🎯 &amp; more</b>");

    [Fact]
    public async Task Written_to_the_responses_writer_the_bytes_land_between_the_text_before_and_after_them()
    {
        var body = new MemoryStream();
        var http = new DefaultHttpContext();
        http.Response.Body = body;
        await using var response = new HttpResponseStreamWriter(body, Encoding.UTF8);
        var content = new Utf8HtmlContent(Html, new ViewContext { HttpContext = http, Writer = response });

        await response.WriteAsync("<p>before ");
        await content.WriteToAsync(response);
        await response.WriteAsync(" after</p>");
        await response.FlushAsync();

        Assert.Equal("<p>before <b>Überzeugung 🎯 &amp; more</b> after</p>", Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task Any_other_writer_gets_the_html_as_text_and_the_response_is_left_alone()
    {
        var body = new MemoryStream();
        var http = new DefaultHttpContext();
        http.Response.Body = body;
        await using var response = new HttpResponseStreamWriter(body, Encoding.UTF8);
        var content = new Utf8HtmlContent(Html, new ViewContext { HttpContext = http, Writer = response });
        await using var text = new StringWriter();

        await content.WriteToAsync(text);
        content.WriteTo(text, System.Text.Encodings.Web.HtmlEncoder.Default);

        Assert.Equal("<b>Überzeugung 🎯 &amp; more</b><b>Überzeugung 🎯 &amp; more</b>", text.ToString());
        Assert.Equal(0, body.Length);
    }
}
