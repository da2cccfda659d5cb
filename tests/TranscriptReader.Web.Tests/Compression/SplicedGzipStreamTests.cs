using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using TranscriptReader.Web.Compression;

namespace TranscriptReader.Web.Tests.Compression;

/// <summary>
/// A gzip member made of stored blocks around cached DEFLATE pieces is what a real decoder reads back, byte for
/// byte, whatever the sizes of the pieces (stored blocks hold at most 65,535 bytes each).
/// </summary>
public sealed class SplicedGzipStreamTests
{
    private static byte[] Text(int length, int seed)
    {
        var random = new Random(seed);
        string[] words = ["<mark class=\"hl\" data-t=\"", "goal", "training", "</mark>", " ", "Überzeugung", "🎯", "\n"];
        var sb = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(sb.ToString()) < length)
        {
            sb.Append(words[random.Next(words.Length)]).Append(random.Next(1000));
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static byte[] Gunzip(byte[] member)
    {
        using var gzip = new GZipStream(new MemoryStream(member), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    [Theory]
    [InlineData(0, 10, 0)]
    [InlineData(300, 500_000, 2_000)]
    [InlineData(70_000, 1, 140_000)]
    [InlineData(65_535, 65_536, 65_535)]
    public async Task Text_around_a_spliced_piece_decompresses_to_exactly_what_was_written(int before, int part, int after)
    {
        var (prefix, body, suffix) = (Text(before, 1)[..before], Text(part, 2)[..part], Text(after, 3)[..after]);
        var output = new MemoryStream();
        var gzip = new SplicedGzipStream(output);

        await gzip.WriteAsync(prefix);
        await gzip.WritePrecompressedAsync(PrecompressedHtml.Compress(body));
        await gzip.WriteAsync(suffix);
        await gzip.CompleteAsync();

        Assert.Equal([.. prefix, .. body, .. suffix], Gunzip(output.ToArray()));
    }

    [Fact]
    public async Task Pieces_back_to_back_and_many_small_writes_decompress_in_order()
    {
        var output = new MemoryStream();
        var gzip = new SplicedGzipStream(output);
        var expected = new List<byte>();
        for (var i = 0; i < 20; i++)
        {
            var piece = Text(3_000 + i, 10 + i);
            await gzip.WritePrecompressedAsync(PrecompressedHtml.Compress(piece, CompressionLevel.Fastest));
            var small = Encoding.UTF8.GetBytes($"<p>{i}</p>");
            gzip.Write(small);
            expected.AddRange(piece);
            expected.AddRange(small);
        }
        await gzip.CompleteAsync();

        Assert.Equal(expected.ToArray(), Gunzip(output.ToArray()));
    }

    [Fact]
    public async Task A_member_with_nothing_written_is_an_empty_gzip_file()
    {
        var output = new MemoryStream();
        await new SplicedGzipStream(output).CompleteAsync();

        Assert.Empty(Gunzip(output.ToArray()));
    }

    [Fact]
    public void A_compressed_part_is_a_sync_flushed_deflate_piece_that_inflates_to_the_part()
    {
        var body = Text(200_000, 4);
        var part = PrecompressedHtml.Compress(body);

        Assert.True(part.Deflated.Span.EndsWith((byte[])[0x00, 0x00, 0xFF, 0xFF]));
        Assert.True(part.Deflated.Length < body.Length / 3, $"{part.Deflated.Length} bytes for {body.Length}");
        Assert.Equal(body.Length + part.Deflated.Length, part.Size);
        // The piece followed by an empty final stored block is a complete DEFLATE stream.
        using var inflate = new DeflateStream(new MemoryStream([.. part.Deflated.ToArray(), 0x01, 0x00, 0x00, 0xFF, 0xFF]), CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflate.CopyTo(output);
        Assert.Equal(body, output.ToArray());
    }

    [Fact]
    public async Task Nothing_may_be_written_after_the_member_is_complete()
    {
        var gzip = new SplicedGzipStream(new MemoryStream());
        await gzip.CompleteAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await gzip.WriteAsync(new byte[] { 1 }));
    }

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("gzip, deflate, br, zstd", true)]
    [InlineData("br;q=1.0, gzip;q=0.8, *;q=0.1", true)]
    [InlineData("GZIP", true)]
    [InlineData("x-gzip", true)]
    [InlineData("*", true)]
    [InlineData("gzip;q=0", false)]
    [InlineData("gzip;q=0.000, *", false)]
    [InlineData("*;q=0", false)]
    [InlineData("identity", false)]
    [InlineData("br", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Accept_encoding_is_read_with_its_qualities(string? header, bool gzip)
    {
        var http = new DefaultHttpContext();
        if (header is not null)
        {
            http.Request.Headers.AcceptEncoding = header;
        }

        Assert.Equal(gzip, GzipNegotiation.AcceptsGzip(http.Request));
    }
}
