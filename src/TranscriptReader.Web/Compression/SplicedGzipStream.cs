using System.Buffers.Binary;
using System.IO.Hashing;

namespace TranscriptReader.Web.Compression;

/// <summary>
/// A response body that writes one gzip member around what it is given: text written to it goes into the member
/// as stored (uncompressed) DEFLATE blocks, and <see cref="WritePrecompressedAsync"/> splices in the cached
/// compressed form of a large part (<see cref="PrecompressedHtml"/>) as it is. <see cref="CompleteAsync"/> ends
/// the member.
/// </summary>
/// <remarks>
/// Why stored blocks for everything but the spliced part: what is written around it is the small part of a
/// transcript page that is particular to the request — the reader's name, antiforgery tokens, the request's own
/// query string in the page data. Compressing a secret together with text an attacker can put into the same
/// response is what BREACH measures; stored blocks are not compressed, so the response's length tells nothing
/// about its secrets, and the compressed part is the same for every reader of that version (rendered without any
/// request). Stored blocks cost 5 bytes per write and a copy, which also keeps the per-request cost to the CRC.
/// <para>
/// The member stays valid because every piece starts and ends byte-aligned: a stored block is byte-aligned by
/// definition, and the spliced piece was sync-flushed by a compressor that started fresh, so it refers to nothing
/// before itself. The CRC-32 and length in the trailer are those of everything uncompressed, spliced parts
/// included (hardware-accelerated CRC: a few tens of microseconds for a transcript page).
/// </para>
/// </remarks>
/// <param name="inner">The response body the member is written to; not disposed.</param>
public sealed class SplicedGzipStream(Stream inner) : Stream
{
    // ID1 ID2, CM = deflate, no flags, no modification time, no extra flags, OS unknown (RFC 1952).
    private static readonly byte[] Header = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF];
    private const int MaxStoredBlock = ushort.MaxValue;

    private readonly Crc32 crc = new();
    private readonly byte[] block = new byte[5];
    private long length;
    private bool started;
    private bool completed;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !completed;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Splices the compressed form of <paramref name="html"/> into the member.</summary>
    /// <param name="html">The part, compressed once.</param>
    /// <param name="ct">Aborts the write.</param>
    public async ValueTask WritePrecompressedAsync(PrecompressedHtml html, CancellationToken ct = default)
    {
        await StartAsync(ct);
        Count(html.Utf8.Span);
        await inner.WriteAsync(html.Deflated, ct);
    }

    /// <summary>Ends the DEFLATE stream with an empty final block and writes the gzip trailer; nothing may follow.</summary>
    /// <param name="ct">Aborts the write.</param>
    public async ValueTask CompleteAsync(CancellationToken ct = default)
    {
        if (completed)
        {
            return;
        }
        await StartAsync(ct);
        var trailer = new byte[5 + 8];
        trailer[0] = 0x01; // BFINAL, BTYPE 00 (stored), then LEN 0 and NLEN 0xFFFF
        BinaryPrimitives.WriteUInt16LittleEndian(trailer.AsSpan(3), 0xFFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(5), crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(9), unchecked((uint)length));
        completed = true;
        await inner.WriteAsync(trailer, ct);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken);
        Count(buffer.Span);
        for (var offset = 0; offset < buffer.Length; offset += MaxStoredBlock)
        {
            var chunk = buffer.Slice(offset, Math.Min(MaxStoredBlock, buffer.Length - offset));
            StoredBlockHeader(block, chunk.Length);
            await inner.WriteAsync(block, cancellationToken);
            await inner.WriteAsync(chunk, cancellationToken);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <remarks>Synchronous writes go to the inner stream synchronously, which a server may refuse as it would without this stream.</remarks>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        if (!started)
        {
            started = true;
            inner.Write(Header);
        }
        Count(buffer);
        for (var offset = 0; offset < buffer.Length; offset += MaxStoredBlock)
        {
            var chunk = buffer.Slice(offset, Math.Min(MaxStoredBlock, buffer.Length - offset));
            StoredBlockHeader(block, chunk.Length);
            inner.Write(block);
            inner.Write(chunk);
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private async ValueTask StartAsync(CancellationToken ct)
    {
        if (completed)
        {
            throw new InvalidOperationException("The gzip member is complete; nothing may be written after it.");
        }
        if (!started)
        {
            started = true;
            await inner.WriteAsync(Header, ct);
        }
    }

    private void Count(ReadOnlySpan<byte> uncompressed)
    {
        crc.Append(uncompressed);
        length += uncompressed.Length;
    }

    /// <summary>A non-final stored block of <paramref name="count"/> bytes (RFC 1951 3.2.4), starting byte-aligned.</summary>
    private static void StoredBlockHeader(Span<byte> block, int count)
    {
        block[0] = 0x00;
        BinaryPrimitives.WriteUInt16LittleEndian(block[1..], (ushort)count);
        BinaryPrimitives.WriteUInt16LittleEndian(block[3..], (ushort)~count);
    }
}
