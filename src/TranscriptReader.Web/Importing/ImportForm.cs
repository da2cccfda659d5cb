using Microsoft.AspNetCore.Identity;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Importing;

namespace TranscriptReader.Web.Importing;

/// <summary>
/// Reads an import request the same way for the API and the import page: multipart files, pasted 'text'
/// (with its 'title'), a 'url', or a raw body (named by ?filename=); 'format' and 'collection' from the form
/// or the query string. What to do with them is <see cref="ImportRun"/>'s business.
/// </summary>
public static class ImportForm
{
    public static async Task<ImportInput> ReadAsync(HttpContext http, CancellationToken ct)
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
            var form = await request.ReadFormAsync(ct);
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
        return new ImportInput(files, pasted, pasted is null ? null : Field("title"), Field("url"), Field("format"), Field("collection"), userId);
    }
}
