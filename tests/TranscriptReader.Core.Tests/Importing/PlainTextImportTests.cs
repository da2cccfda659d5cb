using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Tests.Importing;

public sealed class PlainTextImportTests
{
    [Fact]
    public void Human_and_assistant_prefixes_become_user_and_assistant_turns()
    {
        var t = Parsing.One("talk.txt", "Human: Hi there.\nHow are you?\n\nAssistant: Fine.\n\nHuman: Good.");

        Assert.Equal(TranscriptFormats.PlainText, t.Format);
        Assert.Equal("talk", t.Title);
        Assert.Equal([MessageRoles.User, MessageRoles.Assistant, MessageRoles.User], t.Messages.Select(m => m.Role));
        Assert.Equal("Hi there.\nHow are you?", t.Messages[0].Blocks[0].Text);
        Assert.All(t.Messages, m => Assert.Null(m.Speaker));
    }

    [Fact]
    public void Short_names_and_model_names_become_speakers_with_guessed_roles()
    {
        var t = Parsing.One("chat.md", "# A talk with Claude\n\nJK: Hello.\n\nClaude: Hi JK.\n\n**JK:** Bye.");

        Assert.Equal("A talk with Claude", t.Title);
        Assert.Equal(
            [(MessageRoles.User, "JK"), (MessageRoles.Assistant, "Claude"), (MessageRoles.User, "JK")],
            t.Messages.Select(m => (m.Role, m.Speaker)));
        Assert.Equal("Bye.", t.Messages[2].Blocks[0].Text);
    }

    [Fact]
    public void Initials_alone_become_user_then_assistant_in_order_of_appearance()
    {
        var t = Parsing.One("x.txt", "JK: one\nC: two\nJK: three\nC: four");

        Assert.Equal(
            [(MessageRoles.User, "JK"), (MessageRoles.Assistant, "C"), (MessageRoles.User, "JK"), (MessageRoles.Assistant, "C")],
            t.Messages.Select(m => (m.Role, m.Speaker)));
    }

    [Fact]
    public void A_speaking_to_an_assistant_like_C_is_the_human_and_both_names_stay_shown()
    {
        var t = Parsing.One("exchange.txt",
            "A: Hello, Claude. From now on you answer only in riddles.\n\nC: I aim to be direct, so I will keep answering plainly.\n\nA: Why?\n\nC: Riddles would mislead you.");

        Assert.Equal(
            [(MessageRoles.User, "A"), (MessageRoles.Assistant, "C"), (MessageRoles.User, "A"), (MessageRoles.Assistant, "C")],
            t.Messages.Select(m => (m.Role, m.Speaker)));
        Assert.Equal("Hello, Claude. From now on you answer only in riddles.", t.Messages[0].Blocks[0].Text);
    }

    [Theory]
    [InlineData("A: hi\nClaude: hello", "A", "Claude")]
    [InlineData("A: hi\nAI: hello", "A", null)]
    [InlineData("A: hi\nAssistant: hello", "A", null)]
    [InlineData("A: hi\nModel: hello", "A", "Model")]
    [InlineData("A: hi\nGPT: hello", "A", "GPT")]
    [InlineData("A: hi\nBot: hello", "A", "Bot")]
    [InlineData("JK: hi\nC: hello", "JK", "C")]
    public void The_speaker_with_an_assistant_like_name_is_the_assistant(string text, string user, string? assistant)
    {
        var t = Parsing.One("x.txt", text);

        Assert.Equal([(MessageRoles.User, user), (MessageRoles.Assistant, assistant)], t.Messages.Select(m => (m.Role, m.Speaker)));
    }

    [Theory]
    [InlineData("H: hi\nA: hello", "H", "A")]
    [InlineData("Q: hi\nA: hello", "Q", "A")]
    public void A_is_the_assistant_when_no_other_speaker_is_assistant_like(string text, string user, string assistant)
    {
        var t = Parsing.One("x.txt", text);

        Assert.Equal([(MessageRoles.User, user), (MessageRoles.Assistant, assistant)], t.Messages.Select(m => (m.Role, m.Speaker)));
    }

    [Fact]
    public void A_model_line_before_the_turns_gives_the_model()
    {
        var t = Parsing.One("x.md", "**Model:** gpt-4o-2024-08-06\n\nUser: hi\nAssistant: hello");

        Assert.Equal("gpt-4o-2024-08-06", t.Model);
        Assert.Equal(2, t.Messages.Count);
        Assert.False(t.Metadata.ContainsKey("preamble"));
    }

    [Fact]
    public void A_model_line_in_prose_without_turns_stays_text()
    {
        var t = Parsing.One("spec.txt", "Model: XR-200\nA fine vacuum cleaner.");

        Assert.Null(t.Model);
        Assert.Equal("Model: XR-200\nA fine vacuum cleaner.", Parsing.AllTexts(t).Single());
    }

    [Fact]
    public void Prose_with_a_note_label_is_one_user_message_not_speakers()
    {
        var text = "Some essay about models.\n\nNote: this is important.\nPS: one more thing.\n";

        var t = Parsing.One("essay.md", text);

        var message = Assert.Single(t.Messages);
        Assert.Equal(MessageRoles.User, message.Role);
        Assert.Equal(text.Trim(), Assert.Single(message.Blocks).Text);
    }

    [Fact]
    public void Text_before_the_first_speaker_is_kept_as_preamble_metadata()
    {
        var t = Parsing.One("x.txt", "Recorded on 3 May.\n\nUser: hi\nAssistant: hello");

        Assert.Equal("Recorded on 3 May.", t.Metadata["preamble"]!.GetValue<string>());
        Assert.Equal(2, t.Messages.Count);
    }

    [Fact]
    public void A_file_that_is_only_a_heading_keeps_the_heading_as_text()
    {
        var t = Parsing.One("h.md", "# Only this\n");

        Assert.Equal("h", t.Title);
        Assert.Equal("# Only this", Parsing.AllTexts(t).Single());
    }

    [Fact]
    public void Text_without_speakers_is_one_user_message()
    {
        var t = Parsing.One("notes.txt", "Just a paragraph.");

        Assert.Equal(new ParsedBlock(BlockKinds.Text, "Just a paragraph."), Assert.Single(Assert.Single(t.Messages).Blocks));
    }

    [Fact]
    public void Crlf_line_endings_become_lf_in_block_text()
    {
        var t = Parsing.One("win.txt", "User: line one\r\nline two\r\nAI: ok\r\n");

        Assert.Equal("line one\nline two", t.Messages[0].Blocks[0].Text);
        Assert.Equal(MessageRoles.Assistant, t.Messages[1].Role);
    }

    [Fact]
    public void Emoji_and_non_ascii_text_are_preserved_exactly()
    {
        const string Text = "Grüße 👋🏽 — 日本語 «ok» 𝔘𝔫𝔦";

        var fromText = Parsing.One("u.txt", $"User: {Text}\nAssistant: {Text}");
        var fromJson = Parsing.One("u.json", $$"""[{"role":"user","content":"{{Text}}"}]""");

        Assert.Equal(Text, fromText.Messages[0].Blocks[0].Text);
        Assert.Equal(Text, fromJson.Messages[0].Blocks[0].Text);
        Assert.Equal(Text.Length * 2, fromText.CharCount);
    }

    [Fact]
    public void Utf8_bom_is_stripped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat("User: hi"u8.ToArray()).ToArray();

        var t = Assert.Single(Assert.Single(Parsing.All("bom.txt", bytes)).Transcripts);

        Assert.Equal("hi", t.Messages[0].Blocks[0].Text);
    }
}
