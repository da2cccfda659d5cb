using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Api;

/// <summary>
/// Images embedded in transcripts, by the SHA-256 of their bytes (a block of kind image names it). Only PNG,
/// JPEG, GIF and WebP were stored, and the type is checked against the bytes again before serving: a browser is
/// told exactly that type and not to guess (nosniff), so nothing stored can be served as markup or script.
/// </summary>
public static class ImagesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/images/{sha256:regex(^[0-9a-f]{{64}}$)}", GetAsync)
            .WithName("GetImage")
            .WithSummary("The bytes of an image shown in a transcript (PNG, JPEG, GIF or WebP), by the SHA-256 in its block's imageUrl.")
            .Produces(StatusCodes.Status200OK, contentType: "image/png", additionalContentTypes: ["image/jpeg", "image/gif", "image/webp"])
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The path of an image, as blocks link to it.</summary>
    public static string UrlOf(string sha256) => $"/api/v1/images/{sha256}";

    private static async Task<IResult> GetAsync(string sha256, HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var image = await db.Images.AsNoTracking().Where(i => i.Sha256 == sha256).Select(i => new { i.MediaType, i.Bytes }).SingleOrDefaultAsync(ct);
        var type = image is null ? null : StoredImage.MediaTypeOf(image.Bytes);
        if (image is null || type is null || type != image.MediaType)
        {
            return Failure.NotFound($"There is no image {sha256}.").ToProblem();
        }
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        // Opened on its own, the image is a document of its own: no scripts, no plugins, nothing loaded from it.
        headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; sandbox";
        // The address is the hash of the bytes, so they never change.
        headers.CacheControl = "public, max-age=31536000, immutable";
        return Results.Bytes(image.Bytes, type);
    }
}
