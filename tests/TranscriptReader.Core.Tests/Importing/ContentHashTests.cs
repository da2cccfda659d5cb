using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Tests.Importing;

public sealed class ContentHashTests
{
    [Fact]
    public void Same_content_in_different_formats_has_the_same_hash()
    {
        var openAi = Parsing.One("a.json", """[{"role":"user","content":"Hi 👋"},{"role":"assistant","content":"Hello!"}]""");
        var conversation = Parsing.One("b.json", """{"model":"m","topic":"x","conversation":[{"role":"user","content":"Hi 👋"},{"role":"assistant","content":"Hello!"}]}""");
        var text = Parsing.One("c.txt", "Human: Hi 👋\r\n\r\nAssistant: Hello!\r\n");

        Assert.Matches("^[0-9a-f]{64}$", openAi.ContentHash);
        Assert.Equal(openAi.ContentHash, conversation.ContentHash);
        Assert.Equal(openAi.ContentHash, text.ContentHash);
    }

    [Fact]
    public void Different_text_has_a_different_hash()
    {
        var a = Parsing.One("a.txt", "User: Hi\nAssistant: Hello");
        var b = Parsing.One("b.txt", "User: Hi\nAssistant: Hello.");

        Assert.NotEqual(a.ContentHash, b.ContentHash);
    }

    [Fact]
    public void Moving_text_across_a_block_boundary_changes_the_hash()
    {
        ParsedTranscript Make(params string[] texts) => new("t", TranscriptFormats.PlainText, null, null, [],
            [new ParsedMessage(MessageRoles.User, null, texts.Select(t => new ParsedBlock(BlockKinds.Text, t)).ToArray())]);

        Assert.NotEqual(Make("ab", "c").ContentHash, Make("a", "bc").ContentHash);
        Assert.NotEqual(Make("abc").ContentHash, Make("ab", "c").ContentHash);
    }

    [Fact]
    public void Hash_and_char_count_follow_the_messages_through_with()
    {
        var original = Parsing.One("a.txt", "User: Hi");
        var changed = original with { Messages = [new ParsedMessage(MessageRoles.User, null, [new ParsedBlock(BlockKinds.Text, "Bye now")])] };
        var retitled = original with { Title = "Other" };

        Assert.NotEqual(original.ContentHash, changed.ContentHash);
        Assert.Equal(7, changed.CharCount);
        Assert.Equal(original.ContentHash, retitled.ContentHash);
    }
}
