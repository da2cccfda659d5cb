using System.IO.Compression;

namespace TranscriptReader.Web.Compression;

/// <summary>
/// UTF-8 HTML together with its raw DEFLATE compression, made once so that every compressed response that
/// carries it splices the same bytes in (<see cref="SplicedGzipStream"/>) instead of compressing it again.
/// </summary>
/// <remarks>
/// The compressed form is a piece of a DEFLATE stream, not a whole one: a fresh compressor (so it never refers
/// back to bytes before its start) ended with a sync flush (so it ends byte-aligned, with the empty stored block
/// <c>00 00 FF FF</c>) and without a final block (so more blocks may follow). Such a piece can stand anywhere in
/// a DEFLATE stream whose preceding blocks end byte-aligned.
/// </remarks>
public sealed class PrecompressedHtml
{
    private static readonly byte[] SyncFlushMarker = [0x00, 0x00, 0xFF, 0xFF];

    private PrecompressedHtml(byte[] utf8, byte[] deflated)
    {
        Utf8 = utf8;
        Deflated = deflated;
    }

    /// <summary>The HTML, as UTF-8 that needs no further encoding.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary><see cref="Utf8"/> as a sync-flushed piece of a DEFLATE stream without a final block.</summary>
    public ReadOnlyMemory<byte> Deflated { get; }

    /// <summary>What an instance holds, in bytes, for caches bounded by size.</summary>
    public long Size => Utf8.Length + Deflated.Length;

    /// <summary>
    /// Compresses <paramref name="utf8"/> once. The default level: on the 1,000-tagging page (985 KiB) it took
    /// 43 ms for 83 KiB, the smallest size 226 ms for 81 KiB (<c>scripts/bench bytes</c>), and a page tagged all
    /// afternoon is compressed again for every version.
    /// </summary>
    /// <param name="utf8">Valid UTF-8 of HTML that needs no further encoding.</param>
    /// <param name="level">How hard to compress.</param>
    public static PrecompressedHtml Compress(byte[] utf8, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream(utf8.Length / 4 + 64);
        long length;
        using (var deflate = new DeflateStream(output, level, leaveOpen: true))
        {
            deflate.Write(utf8);
            // DeflateStream.Flush is zlib's Z_SYNC_FLUSH; disposing then appends the final block, which is left out.
            deflate.Flush();
            length = output.Length;
        }
        var deflated = output.GetBuffer().AsSpan(0, (int)length);
        // Checked rather than assumed: a runtime whose Flush ended differently would corrupt every compressed page.
        if (!deflated.EndsWith(SyncFlushMarker))
        {
            throw new InvalidOperationException("DeflateStream.Flush did not end with a sync flush; the piece cannot be spliced.");
        }
        return new PrecompressedHtml(utf8, deflated.ToArray());
    }
}
