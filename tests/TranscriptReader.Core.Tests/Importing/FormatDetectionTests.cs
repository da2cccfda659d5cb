using TranscriptReader.Core.Importing;

namespace TranscriptReader.Core.Tests.Importing;

public sealed class FormatDetectionTests
{
    [Theory]
    [InlineData("a.json", """{"eval":{"task":"t"},"samples":[{"id":1,"epoch":1,"messages":[{"role":"user","content":"x"}]}]}""", TranscriptFormats.Inspect)]
    [InlineData("a.txt", "<SCRATCHPAD_REASONING>x</SCRATCHPAD_REASONING>", TranscriptFormats.AlignmentFaking)]
    [InlineData("a.json", """{"messages":[{"role":"user","content":"x"}]}""", TranscriptFormats.OpenAiChat)]
    [InlineData("a.json", """[{"role":"user","content":"x"}]""", TranscriptFormats.OpenAiChat)]
    [InlineData("a.json", """{"system":"s","messages":[{"role":"user","content":"x"}]}""", TranscriptFormats.AnthropicMessages)]
    [InlineData("a.json", """[{"role":"assistant","content":[{"type":"thinking","thinking":"t"}]}]""", TranscriptFormats.AnthropicMessages)]
    [InlineData("a.json", """{"conversation":[{"role":"user","content":"x"}]}""", TranscriptFormats.ConversationJson)]
    [InlineData("a.jsonl", """{"text":"User: x"}""", TranscriptFormats.TextJsonl)]
    [InlineData("a.txt", "User: x", TranscriptFormats.PlainText)]
    [InlineData("a.md", "# Title\n\nJust prose.", TranscriptFormats.PlainText)]
    public void Each_format_is_detected_from_content(string fileName, string content, string expected)
    {
        Assert.Equal(expected, Parsing.One(fileName, content).Format);
    }

    [Fact]
    public void Jsonl_is_detected_without_the_jsonl_extension()
    {
        var result = Assert.Single(Parsing.All("data.txt", "{\"text\":\"User: a\"}\n{\"text\":\"User: b\"}\n"));

        Assert.Null(result.Error);
        Assert.Equal(2, result.Transcripts.Count);
    }

    [Fact]
    public void Plain_text_override_keeps_json_as_raw_text()
    {
        const string Json = """{"messages":[{"role":"user","content":"x"}]}""";

        var t = Parsing.One("a.json", Json, TranscriptFormats.PlainText);

        Assert.Equal(TranscriptFormats.PlainText, t.Format);
        Assert.Equal(Json, Parsing.AllTexts(t).Single());
    }

    [Fact]
    public void Override_to_openai_reads_a_message_array_that_looks_anthropic()
    {
        var t = Parsing.One("a.json", """{"system":"s","messages":[{"role":"user","content":"x"}]}""", TranscriptFormats.OpenAiChat);

        Assert.Equal(TranscriptFormats.OpenAiChat, t.Format);
    }

    [Fact]
    public void An_override_that_does_not_fit_is_an_error_result()
    {
        Assert.StartsWith("a.json: does not fit format conversation-json",
            Parsing.Error("a.json", """{"messages":[{"role":"user","content":"x"}]}""", TranscriptFormats.ConversationJson));
        Assert.StartsWith("a.txt: does not fit format openai-chat: the file is not JSON",
            Parsing.Error("a.txt", "User: hi", TranscriptFormats.OpenAiChat));
        Assert.StartsWith("a.txt: does not fit format af-tagged",
            Parsing.Error("a.txt", "User: hi", TranscriptFormats.AlignmentFaking));
        Assert.StartsWith("a.json: Inspect log has no samples",
            Parsing.Error("a.json", """{"messages":[]}""", TranscriptFormats.Inspect));
    }

    [Fact]
    public void An_unknown_override_is_an_error_result()
    {
        Assert.StartsWith("a.txt: unknown format 'docx'", Parsing.Error("a.txt", "hi", "docx"));
    }
}
