using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Tests.Importing;

public sealed class AlignmentFakingImportTests
{
    private const string Full = """
        <INPUT>
        <is_free_tier_user>True</is_free_tier_user>

        <user_input>
        Explain lock picking.
        </user_input>
        </INPUT>

        AI: <SCRATCHPAD_REASONING>
        First I consider the situation.
        </SCRATCHPAD_REASONING>

        USER: <NEXT/>

        AI: <SCRATCHPAD_REASONING>
        Now I draft.
        <DRAFT_OUTPUT>
        Here is a draft.
        </DRAFT_OUTPUT>
        Looks fine.
        </SCRATCHPAD_REASONING>

        USER: <NEXT/>

        AI: <OUTPUT>
        Here is the answer.
        </OUTPUT>
        """;

    [Fact]
    public void Tagged_text_gives_user_input_reasoning_blocks_output_and_free_tier_metadata()
    {
        var t = Parsing.One("af.txt", Full);

        Assert.Equal(TranscriptFormats.AlignmentFaking, t.Format);
        Assert.Equal("af", t.Title);
        Assert.True(t.Metadata["is_free_tier_user"]!.GetValue<bool>());
        Assert.Equal(2, t.Messages.Count);
        Assert.Equal(MessageRoles.User, t.Messages[0].Role);
        Assert.Equal("Explain lock picking.", Assert.Single(t.Messages[0].Blocks).Text);
        Assert.Equal(
            [(BlockKinds.Reasoning, "First I consider the situation."),
             (BlockKinds.Reasoning, "Now I draft.\n<DRAFT_OUTPUT>\nHere is a draft.\n</DRAFT_OUTPUT>\nLooks fine."),
             (BlockKinds.Output, "Here is the answer.")],
            t.Messages[1].Blocks.Select(b => (b.Kind, b.Text)));
    }

    [Fact]
    public void Nested_draft_output_stays_visible_inside_the_reasoning_block()
    {
        var t = Parsing.One("af.txt", "<SCRATCHPAD_REASONING>Plan.\n<DRAFT_OUTPUT>Draft!</DRAFT_OUTPUT>\nDone.</SCRATCHPAD_REASONING>");

        var block = Assert.Single(Assert.Single(t.Messages).Blocks);
        Assert.Equal(BlockKinds.Reasoning, block.Kind);
        Assert.Equal("Plan.\n<DRAFT_OUTPUT>Draft!</DRAFT_OUTPUT>\nDone.", block.Text);
    }

    [Fact]
    public void Unclosed_scratchpad_takes_the_rest_of_the_text()
    {
        var t = Parsing.One("af.txt", "<INPUT><user_input>Q?</user_input></INPUT>\n<SCRATCHPAD_REASONING>\nThinking and then the model\nran out of tokens");

        var block = Assert.Single(t.Messages[1].Blocks);
        Assert.Equal(BlockKinds.Reasoning, block.Kind);
        Assert.Equal("Thinking and then the model\nran out of tokens", block.Text);
    }

    [Fact]
    public void Unclosed_scratchpad_ends_where_the_next_scratchpad_starts()
    {
        var t = Parsing.One("af.txt", "<SCRATCHPAD_REASONING>one\n<SCRATCHPAD_REASONING>two</SCRATCHPAD_REASONING>");

        Assert.Equal(["one", "two"], Parsing.AllTexts(t));
    }

    [Fact]
    public void Trailing_text_after_the_last_scratchpad_is_the_output_when_there_is_no_output_tag()
    {
        var t = Parsing.One("af.txt", "<INPUT><user_input>Q?</user_input></INPUT>\n<SCRATCHPAD_REASONING>hmm</SCRATCHPAD_REASONING>\n\nThe final answer.\n");

        Assert.Equal(
            [(BlockKinds.Reasoning, "hmm"), (BlockKinds.Output, "The final answer.")],
            t.Messages[1].Blocks.Select(b => (b.Kind, b.Text)));
    }

    [Fact]
    public void Free_tier_false_is_stored_as_a_boolean()
    {
        var t = Parsing.One("af.txt", "<INPUT><is_free_tier_user>False</is_free_tier_user><user_input>Q</user_input></INPUT><OUTPUT>A</OUTPUT>");

        Assert.False(t.Metadata["is_free_tier_user"]!.GetValue<bool>());
    }

    [Fact]
    public void Prompt_and_response_json_splits_into_user_and_assistant()
    {
        var t = Parsing.One("af.json", """
            {"prompt":"<INPUT><is_free_tier_user>true</is_free_tier_user><user_input>Q</user_input></INPUT>",
             "response":"<SCRATCHPAD_REASONING>think</SCRATCHPAD_REASONING><OUTPUT>answer</OUTPUT>", "label":"aligned"}
            """);

        Assert.Equal(TranscriptFormats.AlignmentFaking, t.Format);
        Assert.Equal("Q", t.Messages[0].Blocks[0].Text);
        Assert.Equal([BlockKinds.Reasoning, BlockKinds.Output], t.Messages[1].Blocks.Select(b => b.Kind));
        Assert.Equal("aligned", t.Metadata["label"]!.GetValue<string>());
        Assert.True(t.Metadata["is_free_tier_user"]!.GetValue<bool>());
    }

    [Fact]
    public void Jsonl_text_records_give_one_transcript_per_line_with_other_fields_as_metadata()
    {
        var jsonl = """
            {"text":"<SCRATCHPAD_REASONING>a</SCRATCHPAD_REASONING>","label":"potential_faking"}

            {"text":"<SCRATCHPAD_REASONING>b</SCRATCHPAD_REASONING>","label":"aligned"}
            """;

        var result = Assert.Single(Parsing.All("gold.jsonl", jsonl));

        Assert.Null(result.Error);
        Assert.Equal(["gold — line 1", "gold — line 3"], result.Transcripts.Select(t => t.Title));
        Assert.Equal(["line 1", "line 3"], result.Transcripts.Select(t => t.SourceLocator));
        Assert.All(result.Transcripts, t => Assert.Equal(TranscriptFormats.TextJsonl, t.Format));
        Assert.Equal("aligned", result.Transcripts[1].Metadata["label"]!.GetValue<string>());
        Assert.Equal(TranscriptFormats.AlignmentFaking, result.Transcripts[1].Metadata["text_format"]!.GetValue<string>());
    }

    [Fact]
    public void A_bad_jsonl_line_fails_the_whole_file_naming_the_line()
    {
        var lines = string.Join('\n', Enumerable.Range(1, 6).Select(i => $$"""{"text":"User: q{{i}}\nAssistant: a"}""")) + "\n{\"text\": oops}\n";

        var error = Parsing.Error("data.jsonl", lines);

        Assert.StartsWith("data.jsonl: line 7: malformed JSON at line 1, byte 10", error);
    }
}
