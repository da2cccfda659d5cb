using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using TranscriptReader.Core.Importing;

namespace TranscriptReader.Core.Tests.Importing;

public sealed class BadInputTests
{
    [Fact]
    public void Malformed_json_reports_the_line_and_byte_position()
    {
        var error = Parsing.Error("broken.json", "{\n  \"messages\": [\n    {\"role\": \"user\" \"content\": \"x\"}\n  ]\n}");

        Assert.StartsWith("broken.json: malformed JSON at line 3, byte 21:", error);
    }

    [Fact]
    public void Json_of_an_unknown_shape_says_which_shapes_are_expected()
    {
        var error = Parsing.Error("weird.json", """{"foo": 1, "bar": [1]}""");

        Assert.StartsWith("weird.json: JSON has no recognized transcript shape: expected samples[]", error);
        Assert.Contains("keys foo, bar", error);
    }

    [Fact]
    public void Deeply_nested_metadata_and_tool_arguments_still_serialize_with_default_json_options()
    {
        // Reading allows 256 levels but writing defaults to 64: storing such metadata used to throw.
        var deep = new string('[', 100) + "1" + new string(']', 100);
        var t = Parsing.One("deep.json",
            "{\"conversation\":[{\"role\":\"user\",\"content\":\"x\"},"
            + "{\"role\":\"assistant\",\"content\":\"y\",\"tool_calls\":[{\"function\":{\"name\":\"f\",\"arguments\":{\"a\":" + deep + "}}}]}],"
            + "\"extra\":{\"a\":" + deep + "}}");

        var json = t.Metadata.ToJsonString(new System.Text.Json.JsonSerializerOptions());
        Assert.Contains("[[[1]]]", json);
        Assert.Contains("[[[[1]]]]", t.Messages[1].Blocks.Single(b => b.Caption == "f").Text.Replace("\n", "").Replace(" ", ""));
    }

    [Fact]
    public void Empty_and_whitespace_files_are_errors()
    {
        Assert.Equal("empty.txt: is empty", Assert.Single(Parsing.All("empty.txt", Array.Empty<byte>())).Error);
        Assert.Equal("blank.txt: is empty", Parsing.Error("blank.txt", " \n\t\n"));
    }

    [Fact]
    public void Binary_files_are_errors()
    {
        var withNul = Assert.Single(Parsing.All("image.png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0x01 }));
        var invalidUtf8 = Assert.Single(Parsing.All("latin1.txt", new byte[] { (byte)'a', (byte)'b', 0xE9, (byte)'c' }));

        Assert.Equal("image.png: is a binary file, not text (NUL byte at offset 4)", withNul.Error);
        Assert.StartsWith("latin1.txt: is not valid UTF-8 text (invalid byte at offset 2)", invalidUtf8.Error);
    }

    [Fact]
    public void Files_over_the_size_limit_are_errors()
    {
        var result = Assert.Single(Parsing.All("big.txt", new string('x', 2000), limits: new ImportLimits(MaxFileBytes: 1000)));

        Assert.Equal("big.txt: is 2,000 bytes, over the limit of 1,000 bytes per file", result.Error);
    }

    [Fact]
    public void A_transcript_with_only_empty_messages_is_an_error()
    {
        var error = Parsing.Error("chat.json", """[{"role":"user","content":""},{"role":"assistant","content":" \n "}]""");

        Assert.Equal("chat.json: has no messages with text (every message is empty)", error);
    }

    [Fact]
    public void A_json_array_of_non_objects_is_an_unknown_shape()
    {
        Assert.Contains("no recognized transcript shape", Parsing.Error("nums.json", "[1, 2, 3]"));
    }

    [Fact]
    public void Dataset_zip_gives_one_result_per_entry_named_after_the_archive()
    {
        var bytes = InspectImportTests.Zip(
            ("dir/a.json", """[{"role":"user","content":"hi"}]"""),
            ("dir/b.txt", "User: hello"),
            ("dir/", ""),
            ("__MACOSX/dir/._a.json", "junk"),
            ("dir/bad.json", "{"));

        var results = Parsing.All("dataset.zip", bytes);

        Assert.Equal(["dataset.zip/dir/a.json", "dataset.zip/dir/b.txt", "dataset.zip/dir/bad.json"], results.Select(r => r.FileName));
        Assert.Null(results[0].Error);
        Assert.Null(results[1].Error);
        Assert.StartsWith("dataset.zip/dir/bad.json: malformed JSON", results[2].Error);
    }

    [Fact]
    public void Zip_detection_uses_the_magic_bytes_not_the_extension()
    {
        var bytes = InspectImportTests.Zip(("a.txt", "User: hi"));

        var result = Assert.Single(Parsing.All("upload.bin", bytes));

        Assert.Equal("upload.bin/a.txt", result.FileName);
        Assert.Null(result.Error);
    }

    [Fact]
    public void Zip_declaring_more_than_the_uncompressed_limit_fails_as_a_whole()
    {
        var bytes = ZipOfZeros("bomb.txt", 2 * 1024 * 1024);

        var result = Assert.Single(Parsing.All("bomb.zip", bytes, limits: new ImportLimits(MaxZipTotalUncompressedBytes: 1024 * 1024)));

        Assert.Empty(result.Transcripts);
        Assert.Equal("bomb.zip: declares 2,097,152 bytes uncompressed, over the limit of 1,048,576 bytes", result.Error);
    }

    [Fact]
    public void Zip_whose_headers_understate_the_size_is_stopped_while_reading()
    {
        var bytes = ZipOf("bomb.txt", (byte)'a', 256 * 1024);
        PatchDeclaredSize(bytes, 100);

        var result = Assert.Single(Parsing.All("liar.zip", bytes, limits: new ImportLimits(MaxZipTotalUncompressedBytes: 64 * 1024)));

        Assert.Empty(result.Transcripts);
        Assert.Equal("liar.zip: entry bomb.txt is corrupt: its data does not match the size and checksum in the ZIP headers", result.Error);
    }

    [Fact]
    public void Zip_with_too_many_entries_fails_as_a_whole()
    {
        var bytes = InspectImportTests.Zip(Enumerable.Range(0, 20).Select(i => ($"{i}.txt", "User: hi")).ToArray());

        var result = Assert.Single(Parsing.All("many.zip", bytes, limits: new ImportLimits(MaxZipEntries: 5)));

        Assert.Equal("many.zip: has 20 entries, over the limit of 5", result.Error);
    }

    [Fact]
    public void A_corrupt_zip_is_an_error_not_an_exception()
    {
        var bytes = InspectImportTests.Zip(("a.txt", "User: hi"))[..30];

        var result = Assert.Single(Parsing.All("cut.zip", bytes));

        Assert.StartsWith("cut.zip: ", result.Error);
    }

    private static byte[] ZipOfZeros(string name, int size) => ZipOf(name, 0, size);

    private static byte[] ZipOf(string name, byte fill, int size)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry(name, CompressionLevel.SmallestSize).Open();
            var data = new byte[size];
            Array.Fill(data, fill);
            entry.Write(data);
        }
        return stream.ToArray();
    }

    /// <summary>Rewrites the uncompressed size in the local and central headers, as a hostile archive would.</summary>
    private static void PatchDeclaredSize(byte[] zip, uint size)
    {
        for (var i = 0; i + 4 <= zip.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
            }
            else if (signature == 0x02014b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
            }
        }
    }

    [Fact]
    public void Utf16_with_a_bom_is_decoded()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("User: hi")).ToArray();

        var result = Assert.Single(Parsing.All("utf16.txt", bytes));

        Assert.Null(result.Error);
        Assert.Equal("hi", result.Transcripts[0].Messages[0].Blocks[0].Text);
    }
}
