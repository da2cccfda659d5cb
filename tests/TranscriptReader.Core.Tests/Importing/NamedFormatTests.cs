using TranscriptReader.Core.Importing;

namespace TranscriptReader.Core.Tests.Importing;

/// <summary>
/// The exports people make from the tools they use. Fixtures in Importing/Fixtures are written from
/// each format's public documentation, not copied from anyone's data.
/// </summary>
public sealed class NamedFormatTests
{
    [Theory]
    [InlineData("chatgpt-conversations.json", TranscriptFormats.ChatGptExport, 2)]
    [InlineData("claude-conversations.json", TranscriptFormats.ClaudeAiExport, 2)]
    [InlineData("claude-code-session.jsonl", TranscriptFormats.AgentSession, 1)]
    [InlineData("sharegpt.json", TranscriptFormats.ShareGpt, 2)]
    [InlineData("markdown-turns.md", TranscriptFormats.PlainText, 1)]
    [InlineData("markdown-emoji-headings.md", TranscriptFormats.PlainText, 1)]
    public void Each_named_format_is_detected(string fixture, string format, int transcripts)
    {
        var parsed = Parsing.FixtureTranscripts(fixture);

        Assert.Equal(transcripts, parsed.Count);
        Assert.All(parsed, t => Assert.Equal(format, t.Format));
    }

    [Fact]
    public void Chatgpt_export_follows_the_current_branch_and_skips_hidden_scaffolding()
    {
        var t = Parsing.FixtureTranscripts("chatgpt-conversations.json")[0];

        Assert.Equal("Why two tides a day", t.Title);
        Assert.Equal("o3", t.Model);
        Assert.Equal("[0]", t.SourceLocator);
        Assert.Equal(
            [
                "0 user text: Why are there two high tides a day?",
                "1 assistant reasoning_summary [Recalling tidal forces]: The Moon pulls the near side more than the centre, and the centre more than the far side.",
                "1 assistant text: Because the Earth is stretched into two bulges: one towards the Moon, one away from it.",
                "2 user text: [image]",
                "2 user text: Here is a tide chart. How far apart are the peaks?",
                "3 assistant tool_call [python]: print(24 * 60 + 50)",
                "4 tool (python) tool_result: 1490",
                "5 assistant text: About 12 hours 25 minutes: half of 1,490 minutes.",
            ],
            Parsing.Lines(t));
        Assert.Equal("Be concise.", t.Metadata["custom_instructions"]!["user_instructions"]!.GetValue<string>());
        Assert.Equal("6650a1b2-0000-4000-8000-000000000001", t.Metadata["conversation_id"]!.GetValue<string>());
        Assert.DoesNotContain(Parsing.AllTexts(t), text => text.Contains("regenerated") || text.Contains("Thought for"));
    }

    [Fact]
    public void Chatgpt_conversation_without_a_current_node_takes_the_latest_branch_and_a_title_from_the_first_turn()
    {
        var t = Parsing.FixtureTranscripts("chatgpt-conversations.json")[1];

        Assert.Equal("Name a prime.", t.Title);
        Assert.Equal("gpt-4o", t.Model);
        Assert.Equal(["0 user text: Name a prime.\nAny prime.", "1 assistant text: Seven."], Parsing.Lines(t));
    }

    [Fact]
    public void Claude_ai_export_reads_content_blocks_thinking_attachments_and_tool_use()
    {
        var t = Parsing.FixtureTranscripts("claude-conversations.json")[0];

        Assert.Equal("Checking a proof sketch", t.Title);
        Assert.Null(t.Model);
        Assert.Equal(
            [
                "0 user text: Is every bounded monotone sequence convergent?",
                "0 user text: [attachment: notes.txt]\n\nMonotone convergence theorem, lecture 4.",
                "1 assistant reasoning: Completeness of the reals gives a supremum; the sequence approaches it.",
                "1 assistant text: Yes, in the real numbers: it converges to its supremum (or infimum).",
                "2 user text: Who proved it first?",
                "2 user text: [file: photo.jpg]",
                "3 assistant tool_call [web_search]: {\n  \"query\": \"monotone convergence theorem history\"\n}",
                "4 tool tool_result [srvtoolu_1]: Bolzano (1817) and Cauchy (1821).",
                "5 assistant text: It goes back to Bolzano and Cauchy.",
            ],
            Parsing.Lines(t));
        Assert.Equal("3c1f7a52-0000-4000-8000-00000000000a", t.Metadata["uuid"]!.GetValue<string>());
        Assert.False(t.Metadata.ContainsKey("summary"));
    }

    [Fact]
    public void Claude_ai_export_of_text_only_messages_takes_the_title_from_the_first_turn()
    {
        var t = Parsing.FixtureTranscripts("claude-conversations.json")[1];

        Assert.Equal("Translate 'good morning' into Welsh.", t.Title);
        Assert.Equal(["0 user text: Translate 'good morning' into Welsh.", "1 assistant text: Bore da."], Parsing.Lines(t));
    }

    [Fact]
    public void Agent_session_log_is_one_transcript_with_merged_assistant_events_and_tool_results_in_place()
    {
        var t = Assert.Single(Parsing.FixtureTranscripts("claude-code-session.jsonl"));

        Assert.Equal("Fix the failing date parser test", t.Title);
        Assert.Equal("claude-sonnet-4-20250514", t.Model);
        Assert.Null(t.SourceLocator);
        Assert.Equal(
            [
                "0 user text: The test for parse_date fails on leap days. Can you fix it?",
                "1 assistant reasoning: Leap days: February 29 must be accepted only in leap years.",
                "1 assistant text: Let me look at the parser first.",
                "1 assistant tool_call [Read]: {\n  \"file_path\": \"src/dates.py\"\n}",
                "2 tool tool_result [toolu_01]: def parse_date(s):\n    return date(*map(int, s.split('-')))",
                "3 assistant text: The parser is fine; the test used 2023-02-29, which does not exist. I changed it to 2024-02-29.",
            ],
            Parsing.Lines(t));
        Assert.Equal("main", t.Metadata["gitBranch"]!.GetValue<string>());
        Assert.DoesNotContain(Parsing.AllTexts(t), text => text.StartsWith("Caveat", StringComparison.Ordinal));
    }

    [Fact]
    public void Agent_session_without_a_summary_takes_the_title_from_the_first_user_turn_and_marks_subagents()
    {
        const string Log = """
            {"type":"user","message":{"role":"user","content":"Rename the module.\nThen run the tests."}}
            {"type":"assistant","isSidechain":true,"message":{"id":"m1","role":"assistant","content":[{"type":"text","text":"Searching."}]}}
            {"type":"assistant","message":{"id":"m2","role":"assistant","content":[{"type":"text","text":"Done."}]}}
            """;

        var t = Parsing.One("session.jsonl", Log);

        Assert.Equal("Rename the module.", t.Title);
        Assert.Equal(["0 user text: Rename the module.\nThen run the tests.", "1 assistant (subagent) text: Searching.", "2 assistant text: Done."],
            Parsing.Lines(t));
    }

    [Fact]
    public void Sharegpt_titles_come_from_the_first_user_turn_and_think_tags_become_reasoning()
    {
        var transcripts = Parsing.FixtureTranscripts("sharegpt.json");

        var first = transcripts[0];
        Assert.Equal("What is the capital of Australia?", first.Title);
        Assert.Equal("QWJhYmE_0", first.Metadata["id"]!.GetValue<string>());
        Assert.Equal(
            [
                "0 user text: What is the capital of Australia?\nI always forget.",
                "1 assistant reasoning: People often say Sydney, but the capital is Canberra.",
                "1 assistant output: Canberra.",
                "2 user text: Thanks!",
                "3 assistant empty_response: (empty response)",
            ],
            Parsing.Lines(first));
    }

    [Fact]
    public void Sharegpt_function_calls_and_observations_become_tool_calls_and_results()
    {
        var t = Parsing.FixtureTranscripts("sharegpt.json")[1];

        Assert.Equal(
            [
                "0 system text: You can call get_time.",
                "1 user text: What time is it in Tokyo?",
                "2 assistant tool_call [get_time]: {\n  \"city\": \"Tokyo\"\n}",
                "3 tool tool_result: {\"time\": \"21:04\"}",
                "4 assistant text: It is 21:04 in Tokyo.",
            ],
            Parsing.Lines(t));
    }

    [Fact]
    public void Markdown_turn_headings_split_turns_and_the_model_line_gives_the_model()
    {
        var t = Assert.Single(Parsing.FixtureTranscripts("markdown-turns.md"));

        Assert.Equal("Asking about the training setup", t.Title);
        Assert.Equal("claude-3-opus-20240229", t.Model);
        Assert.Equal("**Date:** 2024-03-10\n\n---", t.Metadata["preamble"]!.GetValue<string>());
        Assert.Equal(
            [
                "0 user text: Do you know whether this conversation will be used for training?\nNote: I am on the free tier.",
                "1 assistant text: I can't know that for certain.\n\nUser: (this line is part of the answer, not a new turn)",
                "2 user text: **Human:** And if it were?",
                "3 assistant text: Then I would still answer the same way.",
            ],
            Parsing.Lines(t));
    }

    [Fact]
    public void Markdown_headings_with_emoji_and_times_keep_the_model_name_as_speaker()
    {
        var t = Assert.Single(Parsing.FixtureTranscripts("markdown-emoji-headings.md"));

        Assert.Equal(
            [
                "0 user text: Summarise the plot of Hamlet in one sentence.",
                "1 assistant (Claude) text: A prince avenges his murdered father and nearly everyone dies.",
            ],
            Parsing.Lines(t));
    }

    [Theory]
    [InlineData("## Human\n\nHi\n\n## Assistant\n\nHello")]
    [InlineData("**User:**\nHi\n\n**Assistant:**\nHello")]
    [InlineData("**Human:** Hi\n\n**Assistant:** Hello")]
    [InlineData("## User:\nHi\n## Assistant:\nHello\n")]
    public void Bold_and_heading_turn_markers_give_the_same_turns(string text)
    {
        var t = Parsing.One("t.md", text);

        Assert.Equal(["0 user text: Hi", "1 assistant text: Hello"], Parsing.Lines(t));
    }

    [Fact]
    public void A_model_line_that_reads_like_a_sentence_is_a_turn_not_the_model()
    {
        var t = Parsing.One("t.md", "User: hi\nModel: Sure, happy to help.");

        Assert.Null(t.Model);
        Assert.Equal(["0 user text: hi", "1 assistant (Model) text: Sure, happy to help."], Parsing.Lines(t));
    }

    [Fact]
    public void A_single_section_heading_named_like_a_speaker_is_not_a_dialogue()
    {
        var t = Parsing.One("essay.md", "## AI\n\nSome thoughts about AI policy.\n");

        Assert.Equal(["0 user text: ## AI\n\nSome thoughts about AI policy."], Parsing.Lines(t));
    }

    [Theory]
    [InlineData("[]", TranscriptFormats.ChatGptExport, "an empty JSON array")]
    [InlineData("""{"mapping":{}}""", TranscriptFormats.ChatGptExport, "no messages with text")]
    [InlineData("""{"mapping":{"a":{"parent":"a","message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["loop"]}}}},"current_node":"a"}""", null, null)]
    [InlineData("""{"chat_messages":[{"sender":"human"}]}""", null, "no messages with text")]
    [InlineData("""{"chat_messages":[{"sender":42,"text":"x"}]}""", null, "without a role")]
    public void Malformed_exports_fail_with_a_message_or_parse_without_looping(string json, string? format, string? error)
    {
        var result = Assert.Single(Parsing.All("conversations.json", json, format));

        if (error is null)
        {
            Assert.Null(result.Error);
        }
        else
        {
            Assert.Contains(error, result.Error);
        }
    }
}
