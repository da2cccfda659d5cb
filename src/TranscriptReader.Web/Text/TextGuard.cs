using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;
using TranscriptReader.Core.Text;
using TranscriptReader.Web.Api;

namespace TranscriptReader.Web.Text;

/// <summary>
/// Applies <see cref="TextRules"/> to everything a request carries as text, before any endpoint or page sees it:
/// the path, every query string value, url-encoded and multipart form fields (names and values), multipart file
/// names, and every string and property name of a JSON body. Text that breaks the rule is a 400 with a message
/// (problem details under /api, the status page elsewhere), so nothing reaches PostgreSQL or a JSON getter.
/// </summary>
/// <remarks>
/// <para>Query strings, url-encoded forms, JSON bodies and RFC 5987 file names (<c>filename*=UTF-8''…</c>) are checked
/// as the bytes that were sent (percent-decoded), because decoders replace invalid UTF-8 with U+FFFD, which is
/// itself valid and accepted. Multipart field values and plain <c>filename="…"</c> names are decoded by ASP.NET
/// before they can be seen: NUL is caught there, and invalid bytes arrive as U+FFFD (stored as such, never a 500).</para>
/// <para>A JSON body that does not parse is left to its endpoint, which refuses it with its own 400: nothing in such
/// a body can be bound. Request bodies of other types (a raw file upload) are file contents, which the importer
/// decodes and cleans itself.</para>
/// <para>Runs after routing, so an endpoint's request size and form limits apply to what is read here, and after
/// authentication, authorization and the rate limiter, so those answer first.</para>
/// </remarks>
public sealed class TextGuard(RequestDelegate next)
{
    /// <summary>Where the refusal is kept for the status page that a page request gets.</summary>
    public const string RefusalItem = "TextGuard.Refusal";

    // Deeper than any endpoint reads (they use System.Text.Json's 64), so the guard never stops before they would.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 1024 };

    public async Task InvokeAsync(HttpContext context)
    {
        // A re-executed request (status or error page) was checked the first time; its body is the original one.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is null && context.Features.Get<IExceptionHandlerFeature>() is null
            && await RefusalAsync(context.Request, context.RequestAborted) is { } refusal)
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                await ApiProblems.Write(context, StatusCodes.Status400BadRequest, refusal);
                return;
            }
            context.Items[RefusalItem] = refusal;
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        await next(context);
    }

    private static async Task<string?> RefusalAsync(HttpRequest request, CancellationToken ct)
    {
        if (!TextRules.IsCleanText(request.Path.Value))
        {
            return Message("The address");
        }
        // Normally ASCII; a test server passes characters through, so a lone surrogate is caught before encoding.
        if (request.QueryString.Value is { } query && (!TextRules.IsCleanText(query) || !IsCleanEncoded(Encoding.UTF8.GetBytes(query))))
        {
            return Message("A query parameter");
        }
        if (request.ContentType is null || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            return null;
        }
        if (request.HasFormContentType)
        {
            return await FormRefusalAsync(request, ct);
        }
        if (IsJson(request.ContentType))
        {
            return await JsonRefusalAsync(request, ct);
        }
        return null;
    }

    private static async Task<string?> FormRefusalAsync(HttpRequest request, CancellationToken ct)
    {
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            && (type.Charset.Length == 0 || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
                || type.Charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase)))
        {
            // The form is read as UTF-8 (ASCII is a part of it): check the bytes before the decoder replaces them.
            var raw = await ReadBodyAsync(request, ct);
            if (!IsCleanEncoded(raw))
            {
                return Message("A form field");
            }
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException || (e is IOException && e is not BadHttpRequestException))
        {
            // The form reader's own refusals (a NUL in another charset, a malformed multipart body, too many
            // fields) and a multipart body cut short (an IOException, "Unexpected end of Stream") were 500s; they
            // are the sender's mistake. A BadHttpRequestException (too large) keeps its own status.
            return $"The request body is not readable form data ({e.Message}).";
        }
        foreach (var (key, values) in form)
        {
            if (!TextRules.IsCleanText(key) || values.Any(v => !TextRules.IsCleanText(v)))
            {
                return Message("A form field");
            }
        }
        foreach (var file in form.Files)
        {
            if (!TextRules.IsCleanText(file.FileName) || !TextRules.IsCleanText(file.Name) || !IsCleanExtendedFileName(file.ContentDisposition))
            {
                return Message("A file name");
            }
        }
        return null;
    }

    /// <summary>
    /// The RFC 5987 form of a file name (<c>filename*=UTF-8''a%ED%A0%80.txt</c>) as sent: its decoded value has had
    /// invalid bytes replaced, so the percent-encoded bytes of the raw header are checked instead.
    /// </summary>
    private static bool IsCleanExtendedFileName(string? contentDisposition)
    {
        const string Parameter = "filename*=";
        var at = contentDisposition?.IndexOf(Parameter, StringComparison.OrdinalIgnoreCase) ?? -1;
        if (at < 0)
        {
            return true;
        }
        var value = contentDisposition.AsSpan(at + Parameter.Length);
        var end = value.IndexOf(';');
        value = (end < 0 ? value : value[..end]).Trim().Trim('"');
        var quotes = value.IndexOf("''", StringComparison.Ordinal);
        if (quotes < 0 || !value[..quotes].Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IsCleanEncoded(Encoding.ASCII.GetBytes(value[(quotes + 2)..].ToString()));
    }

    private static async Task<string?> JsonRefusalAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await ReadBodyAsync(request, ct);
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return Message("The JSON body");
        }
        var reader = new Utf8JsonReader(body, ReaderOptions);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && !IsCleanEscaped(ref reader))
                {
                    return Message(reader.TokenType == JsonTokenType.PropertyName ? "A property name in the JSON body" : "A string in the JSON body");
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the endpoint answers that with its own 400.
        }
        return null;
    }

    /// <summary>An escaped JSON string: unescaped, without NUL (\u0000) and without lone surrogates (\ud800).</summary>
    private static bool IsCleanEscaped(ref Utf8JsonReader reader)
    {
        try
        {
            return TextRules.IsCleanText(reader.GetString());
        }
        catch (InvalidOperationException)
        {
            // GetString refuses a lone surrogate escape.
            return false;
        }
    }

    private static bool IsJson(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The whole body, left readable for the endpoint (buffered; the endpoint's size limit applies).</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        request.Body.Position = 0;
        return buffer.ToArray();
    }

    /// <summary>
    /// Percent-encoding (a query string, a url-encoded form) decoded to bytes: valid UTF-8 without NUL. Separators
    /// are ASCII, so a sequence cut by one is invalid too; a '%' that starts no escape is itself.
    /// </summary>
    internal static bool IsCleanEncoded(ReadOnlySpan<byte> encoded)
    {
        var decoded = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            var n = 0;
            for (var i = 0; i < encoded.Length; i++)
            {
                var b = encoded[i];
                if (b == '%' && i + 2 < encoded.Length && IsHex(encoded[i + 1]) && IsHex(encoded[i + 2]))
                {
                    b = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                    i += 2;
                }
                decoded[n++] = b;
            }
            return TextRules.IsCleanUtf8(decoded.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decoded);
        }
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static string Message(string what) => TextRules.Message(what);
}
