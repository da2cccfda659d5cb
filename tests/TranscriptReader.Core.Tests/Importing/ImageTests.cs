using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Tests.Importing;

/// <summary>Images are kept as images only when their bytes prove PNG, JPEG, GIF or WebP.</summary>
public sealed class ImageTests
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F'];
    private static readonly byte[] Gif = "GIF87a\u0001\0\u0001\0"u8.ToArray();
    private static readonly byte[] Webp = "RIFF\u0024\0\0\0WEBPVP8 "u8.ToArray();

    public static TheoryData<byte[], string> Signatures => new()
    {
        { Png, "image/png" }, { Jpeg, "image/jpeg" }, { Gif, "image/gif" }, { Webp, "image/webp" },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void The_four_image_types_are_recognised_by_their_bytes(byte[] bytes, string mediaType)
    {
        var block = ImageContent.FromReference($"data:application/octet-stream;base64,{Convert.ToBase64String(bytes)}");

        Assert.Equal(BlockKinds.Image, block.Kind);
        Assert.Equal(mediaType, block.Image!.MediaType);
        Assert.Equal(mediaType, block.Caption);
        Assert.Equal(bytes, block.Image.Bytes);
    }

    [Fact]
    public void A_mislabelled_image_gets_the_type_its_bytes_prove()
    {
        var block = ImageContent.FromBase64("image/jpeg", Convert.ToBase64String(Png));

        Assert.Equal("image/png", block.Image!.MediaType);
    }

    [Theory]
    [InlineData("data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=", "[image not shown: SVG images are not shown]")]
    [InlineData("data:image/svg+xml,%3Csvg%3E%3C/svg%3E", "[image not shown: SVG images are not shown]")]
    [InlineData("data:image/png;base64,PHN2Zz48L3N2Zz4=", "[image not shown: its bytes are not a PNG, JPEG, GIF or WebP image]")]
    [InlineData("data:image/png;base64,%%%notbase64", "[image not shown: its base64 data is malformed]")]
    [InlineData("data:image/png,rawbytes", "[image not shown: only base64 data: URIs are read]")]
    [InlineData("data:image/png;base64", "[image not shown: the data: URI has no data]")]
    [InlineData("https://example.org/cat.png", "[image]")]
    [InlineData("<base64-data-removed>", "[image]")]
    public void Anything_else_is_a_short_note_not_an_image(string reference, string note)
    {
        Assert.Equal(new ParsedBlock(BlockKinds.Text, note), ImageContent.FromReference(reference));
    }

    [Fact]
    public void An_image_over_the_size_limit_is_refused_without_decoding_it()
    {
        var huge = new string('A', (ImageContent.MaxImageBytes / 3 + 10) * 4);

        Assert.Equal("[image not shown: over the limit of 10 MB]", ImageContent.FromBase64("image/png", huge).Text);
    }

    [Fact]
    public void Anthropic_and_openai_image_parts_become_image_blocks()
    {
        var png = Convert.ToBase64String(Png);
        var t = Parsing.One("claude.json", $$$"""
            {"system":"s","messages":[
              {"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"{{{png}}}"}},{"type":"text","text":"and"}]},
              {"role":"assistant","content":"ok"}]}
            """);
        var o = Parsing.One("chat.json", $$$"""
            [{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{png}}}"}}]},{"role":"assistant","content":"ok"}]
            """);

        Assert.Equal(BlockKinds.Image, t.Messages[1].Blocks[0].Kind);
        Assert.Equal(BlockKinds.Image, o.Messages[0].Blocks[0].Kind);
    }

    [Fact]
    public void Transcripts_that_differ_only_in_an_image_are_not_duplicates()
    {
        static string Log(byte[] bytes) => $$$"""
            [{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{Convert.ToBase64String(bytes)}}}"}}]},{"role":"assistant","content":"ok"}]
            """;

        var first = Parsing.One("a.json", Log(Png));
        var second = Parsing.One("b.json", Log([.. Png, 1]));

        Assert.NotEqual(first.ContentHash, second.ContentHash);
    }
}
