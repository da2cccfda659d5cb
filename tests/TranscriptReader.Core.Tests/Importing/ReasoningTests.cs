using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Tests.Importing;

/// <summary>Reasoning wherever a file keeps it: inline tags, provider fields, signatures, summaries.</summary>
public sealed class ReasoningTests
{
    private static string[] Assistant(string content) =>
        Parsing.Lines(Parsing.One("chat.json", $$"""[{"role":"user","content":"q"},{"role":"assistant","content":{{content}}}]"""))[1..];

    [Fact]
    public void Think_tags_in_openai_chat_become_a_reasoning_block_then_the_output()
    {
        Assert.Equal(
            ["1 assistant reasoning: Two plus two.", "1 assistant output: 4"],
            Assistant("\"<think>\\nTwo plus two.\\n</think>\\n\\n4\""));
    }

    [Fact]
    public void A_closing_think_tag_without_an_opening_tag_makes_everything_before_it_reasoning()
    {
        Assert.Equal(
            ["1 assistant reasoning: The user wants a number.", "1 assistant output: 4"],
            Assistant("\"The user wants a number.\\n</think>\\n4\""));
    }

    [Theory]
    [InlineData("<thinking>plan</thinking>answer")]
    [InlineData("<HIDDEN_SCRATCHPAD>plan</HIDDEN_SCRATCHPAD>\nanswer")]
    [InlineData("<Think signature=\"abc\">\nplan\n</Think>answer")]
    public void Thinking_and_hidden_scratchpad_tags_are_reasoning_too(string content)
    {
        Assert.Equal(
            ["1 assistant reasoning: plan", "1 assistant output: answer"],
            Assistant(System.Text.Json.JsonSerializer.Serialize(content)));
    }

    [Fact]
    public void An_unclosed_think_tag_makes_the_rest_reasoning_and_several_tags_keep_their_order()
    {
        Assert.Equal(["1 assistant reasoning: cut off mid-thought"], Assistant("\"<think>cut off mid-thought\""));
        Assert.Equal(
            ["1 assistant reasoning: a", "1 assistant output: one", "1 assistant reasoning: b", "1 assistant output: two"],
            Assistant("\"<think>a</think>one\\n<think>b</think>two\""));
    }

    [Theory]
    [InlineData("Wrap reasoning in the <think> tag, then close it with </think>.")]
    [InlineData("No tags at all.")]
    public void Tags_mentioned_inside_prose_stay_text(string content)
    {
        Assert.Equal([$"1 assistant text: {content}"], Assistant(System.Text.Json.JsonSerializer.Serialize(content)));
    }

    [Fact]
    public void Think_tags_in_a_user_turn_are_left_alone()
    {
        var t = Parsing.One("chat.json", """[{"role":"user","content":"<think>not mine</think>hi"},{"role":"assistant","content":"ok"}]""");

        Assert.Equal("0 user text: <think>not mine</think>hi", Parsing.Lines(t)[0]);
    }

    [Fact]
    public void Prompt_response_records_split_think_tags_in_the_response()
    {
        var t = Parsing.One("r.jsonl", """{"prompt":"q","response":"<think>hm</think>yes"}""");

        Assert.Equal(["0 user text: q", "1 assistant reasoning: hm", "1 assistant output: yes"], Parsing.Lines(t));
    }

    [Fact]
    public void Openrouter_reasoning_details_on_a_chat_message_show_their_readable_text()
    {
        var lines = Assistant("""
            "Hi.", "reasoning_details": [
              {"type":"reasoning.encrypted","data":"gAAAASECRET"},
              {"type":"reasoning.text","text":"Greet back.","index":1},
              {"type":"reasoning.text","text":"Keep it short.","index":2}]
            """);

        Assert.Equal(["1 assistant reasoning: Greet back.\n\nKeep it short.", "1 assistant text: Hi."], lines);
    }

    [Fact]
    public void Empty_assistant_turns_stay_visible_as_an_empty_response()
    {
        var t = Parsing.One("chat.json", """
            [{"role":"user","content":"a"},{"role":"assistant","content":""},{"role":"user","content":"b"},{"role":"assistant","content":null}]
            """);

        Assert.Equal(
            ["0 user text: a", "1 assistant empty_response: (empty response)", "2 user text: b", "3 assistant empty_response: (empty response)"],
            Parsing.Lines(t));
    }

    [Fact]
    public void A_transcript_of_empty_responses_only_is_still_an_error()
    {
        Assert.Contains("no messages with text", Parsing.Error("chat.json", """[{"role":"assistant","content":""}]"""));
    }

    [Fact]
    public void Splitting_a_message_at_tool_results_makes_no_empty_response()
    {
        var t = Parsing.One("claude.json", """
            {"system":"s","messages":[{"role":"user","content":"find it"},
             {"role":"assistant","content":[{"type":"server_tool_use","id":"s1","name":"web_search","input":{"q":"x"}},
               {"type":"web_search_tool_result","tool_use_id":"s1","content":[{"type":"text","text":"found"}]}]}]}
            """);

        Assert.DoesNotContain(t.Messages.SelectMany(m => m.Blocks), b => b.Kind == BlockKinds.EmptyResponse);
    }
}
