using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Importing;

namespace TranscriptReader.Web.Api;

public static class ImportOptions
{
    /// <summary>Largest upload in one request (several files or one ZIP dataset).</summary>
    public const long MaxUploadBytes = 200L * 1024 * 1024;
    public const long MaxUrlBytes = 50L * 1024 * 1024;
    public static readonly TimeSpan UrlTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// What to tell the importer when the database goes away part way through: each transcript is
    /// stored in its own transaction, so those reported as imported are whole, and a retry skips them.
    /// </summary>
    public static string InterruptedMessage(int files, int stored) =>
        $"The database became unavailable during the import, after {files} files. The {stored} transcripts imported "
        + "before then are stored complete; the rest were not imported. Send the same files again once it is back: "
        + "transcripts already stored are skipped as duplicates.";
}

/// <summary>
/// What an import request carries, read the same way for the API and the import page: multipart
/// files, pasted text, a URL to fetch, or a raw body; plus format override and collection.
/// </summary>
public sealed record ImportInput(
    IReadOnlyList<ImportFile> Files, string? Format, string? Collection, string? SourceUrl,
    IReadOnlyList<FileImportResult> FetchErrors, string? Error)
{
    public static async Task<ImportInput> ReadAsync(HttpContext http, InstanceSettings settings, CancellationToken ct)
    {
        var request = http.Request;
        string? Field(string name) =>
            request.HasFormContentType && request.Form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v)
                ? v.ToString()
                : request.Query.TryGetValue(name, out var q) && !string.IsNullOrWhiteSpace(q) ? q.ToString() : null;

        var files = new List<ImportFile>();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            foreach (var f in form.Files)
            {
                using var buffer = new MemoryStream();
                await f.CopyToAsync(buffer, ct);
                files.Add(new ImportFile(Path.GetFileName(f.FileName), buffer.ToArray()));
            }
            if (Field("text") is { } pasted)
            {
                var title = Field("title")?.Trim();
                files.Add(new ImportFile(string.IsNullOrEmpty(title) ? "pasted text" : title, System.Text.Encoding.UTF8.GetBytes(pasted)));
            }
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

        var format = Field("format");
        if (format is not null && !TranscriptFormats.All.Contains(format))
        {
            return Fail($"Unknown format '{format}'. Use one of: {string.Join(", ", TranscriptFormats.All)}, or leave it empty to detect.");
        }
        var collection = Field("collection");
        if (ImportService.ValidateCollection(collection) is { } collectionError)
        {
            return Fail(collectionError);
        }

        var url = Field("url");
        var fetchErrors = new List<FileImportResult>();
        if (url is not null)
        {
            var allowPrivate = await settings.GetFlagAsync(InstanceSettings.AllowPrivateImportUrls, ct);
            var fetched = await new UrlFetcher(ImportOptions.MaxUrlBytes, ImportOptions.UrlTimeout).FetchAsync(url, allowPrivate, ct);
            if (fetched.File is null)
            {
                if (files.Count == 0)
                {
                    return Fail(fetched.Error!);
                }
                fetchErrors.Add(new FileImportResult(url, [], [], fetched.Error));
            }
            else
            {
                files.Add(fetched.File);
            }
        }
        if (files.Count == 0 && fetchErrors.Count == 0)
        {
            return Fail("Nothing to import: send one or more files (multipart field 'files'), pasted 'text', a 'url', or a raw request body.");
        }
        return new(files, format, collection, files.Count == 1 && url is not null && fetchErrors.Count == 0 ? url.Trim() : null, fetchErrors, null);
    }

    private static ImportInput Fail(string error) => new([], null, null, null, [], error);
}
