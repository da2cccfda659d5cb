using Microsoft.AspNetCore.Identity;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Web.Importing;

/// <summary>
/// Reads an import request the same way for the API and the import page: multipart files, pasted 'text'
/// (with its 'title'), a 'url', or a raw body (named by ?filename=); 'format', 'collection', 'recipe' (a saved
/// field mapping's name) and 'recipeDocument' (a field mapping as JSON) from the form or the query string.
/// What to do with them is <see cref="ImportRun"/>'s business.
/// </summary>
public static class ImportForm
{
    /// <summary>The request as an import; a body announced as a form that cannot be read as one is a mistake (invalid).</summary>
    public static async Task<Outcome<ImportInput>> ReadAsync(HttpContext http, CancellationToken ct)
    {
        var request = http.Request;
        string? Field(string name) =>
            request.HasFormContentType && request.Form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v)
                ? v.ToString()
                : request.Query.TryGetValue(name, out var q) && !string.IsNullOrWhiteSpace(q) ? q.ToString() : null;

        var files = new List<ImportFile>();
        string? pasted = null;
        if (request.HasFormContentType)
        {
            if (!(await ReadFormAsync(http, ct)).TryGet(out var form, out var unreadable))
            {
                return unreadable;
            }
            foreach (var f in form.Files)
            {
                using var buffer = new MemoryStream();
                await f.CopyToAsync(buffer, ct);
                files.Add(new ImportFile(Path.GetFileName(f.FileName), buffer.ToArray()));
            }
            pasted = Field("text");
        }
        else if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            if (buffer.Length > 0)
            {
                files.Add(new ImportFile(Field("filename") ?? "upload", buffer.ToArray()));
            }
        }
        var userId = http.RequestServices.GetRequiredService<UserManager<AppUser>>().GetUserId(http.User);
        return new ImportInput(files, pasted, pasted is null ? null : Field("title"), Field("url"), Field("format"), Field("collection"), userId,
            Field("recipe"), Field("recipeDocument"));
    }

    /// <summary>
    /// The request's form. A body sent as multipart form data that is not (no boundary, cut short, empty) is the
    /// sender's mistake, answered 400 with the reason, not an unexpected error.
    /// </summary>
    public static async Task<Outcome<IFormCollection>> ReadFormAsync(HttpContext http, CancellationToken ct)
    {
        try
        {
            return Outcome<IFormCollection>.Success(await http.Request.ReadFormAsync(ct));
        }
        catch (Exception e) when (e is InvalidDataException || (e is IOException && e is not BadHttpRequestException))
        {
            // A multipart body cut short ("Unexpected end of Stream") is an IOException; a BadHttpRequestException
            // (too large, 413) keeps its own status.
            return Failure.Invalid($"The request body is not readable multipart form data ({e.Message}). "
                + "Send files in the multipart field 'files', or the file itself as the body with ?filename=.");
        }
    }
}
