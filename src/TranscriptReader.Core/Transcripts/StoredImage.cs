namespace TranscriptReader.Core.Transcripts;

/// <summary>
/// The bytes of an image embedded in a transcript, stored once however many blocks show it: the key is the
/// SHA-256 of the bytes. Only PNG, JPEG, GIF and WebP are stored, and <see cref="MediaType"/> is what the
/// bytes' signature proved at import (see Importing/ImageContent), so the image is served with that type.
/// </summary>
public sealed class StoredImage
{
    public required string Sha256 { get; set; }
    public required string MediaType { get; set; }
    public required byte[] Bytes { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>The media type the bytes' signature proves (image/png, image/jpeg, image/gif, image/webp), or null.</summary>
    public static string? MediaTypeOf(ReadOnlySpan<byte> bytes) => Importing.ImageContent.MediaTypeOf(bytes);
}

/// <summary>
/// A transcript in a collection besides the one it was imported into (<see cref="Transcript.CollectionId"/>):
/// importing a file into a collection adds the transcripts already stored from it (skipped as duplicates) too.
/// A transcript is in a collection when it is its home collection or it has a row here.
/// </summary>
public sealed class CollectionMember
{
    public int CollectionId { get; set; }
    public long TranscriptId { get; set; }
    public DateTimeOffset AddedAt { get; set; } = DateTimeOffset.UtcNow;
}
