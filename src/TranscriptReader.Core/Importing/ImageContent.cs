using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// Turns an image part (a data: URI or base64 with a declared type) into an image block, or into a short
/// text note when it cannot be shown. The bytes decide: only PNG, JPEG, GIF and WebP signatures pass, so
/// SVG (which can carry script) and anything mislabelled are refused whatever the declared type says.
/// </summary>
internal static class ImageContent
{
    /// <summary>Larger images are refused: a transcript page must stay loadable.</summary>
    public const int MaxImageBytes = 10 * 1024 * 1024;

    /// <summary>The text of an image block, and of an image that is referenced but not embedded (a URL, a removed payload).</summary>
    public const string Placeholder = "[image]";

    /// <summary>An image given by reference: a data: URI becomes an image (or a note), anything else the placeholder.</summary>
    public static ParsedBlock FromReference(string? reference)
    {
        if (reference is null || !reference.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return new ParsedBlock(BlockKinds.Text, Placeholder);
        }
        var comma = reference.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            return Refused("the data: URI has no data");
        }
        var header = reference[5..comma];
        var parameters = header.Split(';');
        if (!parameters.Skip(1).Any(p => p.Equals("base64", StringComparison.OrdinalIgnoreCase)))
        {
            return IsSvg(parameters[0]) ? Refused("SVG images are not shown") : Refused("only base64 data: URIs are read");
        }
        return FromBase64(parameters[0], reference[(comma + 1)..]);
    }

    /// <summary>Base64 bytes with the type the file declares (which is checked, not trusted).</summary>
    public static ParsedBlock FromBase64(string? declaredType, string? base64)
    {
        if (IsSvg(declaredType))
        {
            return Refused("SVG images are not shown");
        }
        if (string.IsNullOrWhiteSpace(base64))
        {
            return new ParsedBlock(BlockKinds.Text, Placeholder);
        }
        // Checked before decoding so a huge payload is never materialized.
        if (base64.Length / 4L * 3 > MaxImageBytes + 3)
        {
            return Refused($"over the limit of {MaxImageBytes / (1024 * 1024)} MB");
        }
        var buffer = new byte[base64.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written))
        {
            return Refused("its base64 data is malformed");
        }
        var bytes = buffer.AsSpan(0, written);
        var mediaType = MediaTypeOf(bytes);
        if (mediaType is null)
        {
            return Refused("its bytes are not a PNG, JPEG, GIF or WebP image");
        }
        return new ParsedBlock(BlockKinds.Image, Placeholder, mediaType, new ParsedImage(mediaType, bytes.ToArray()));
    }

    /// <summary>The media type the bytes' signature proves, or null for anything that is not PNG, JPEG, GIF or WebP.</summary>
    public static string? MediaTypeOf(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }
        return null;
    }

    private static bool IsSvg(string? mediaType) =>
        mediaType is not null && mediaType.Trim().StartsWith("image/svg", StringComparison.OrdinalIgnoreCase);

    private static ParsedBlock Refused(string reason) => new(BlockKinds.Text, $"[image not shown: {reason}]");
}
