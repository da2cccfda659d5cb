using System.Security.Cryptography;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// The bytes of an image embedded in a transcript (a block of kind <see cref="Transcripts.BlockKinds.Image"/>).
/// Only PNG, JPEG, GIF and WebP get here, and <see cref="MediaType"/> is what the bytes are, not what the
/// file claimed: a renderer may serve them with that type as they are.
/// </summary>
public sealed record ParsedImage
{
    private string? sha256;

    internal ParsedImage(string mediaType, byte[] bytes)
    {
        MediaType = mediaType;
        Bytes = bytes;
    }

    /// <summary>image/png, image/jpeg, image/gif or image/webp.</summary>
    public string MediaType { get; }

    public byte[] Bytes { get; }

    /// <summary>Lowercase hex SHA-256 of the bytes: part of the transcript's content hash and a key to store an image once.</summary>
    public string Sha256 => sha256 ??= Convert.ToHexStringLower(SHA256.HashData(Bytes));
}
