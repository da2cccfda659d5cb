using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Tests.Importing;

public sealed class ChatImportTests
{
    [Fact]
    public void OpenAi_messages_map_roles_names_reasoning_tool_calls_and_tool_results()
    {
        var t = Parsing.One("chat.json", """
            {"model":"gpt-4o","messages":[
              {"role":"system","content":"Be brief."},
              {"role":"user","name":"alice","content":[{"type":"text","text":"Weather?"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]},
              {"role":"assistant","reasoning_content":"Need the tool.","content":null,
               "tool_calls":[{"id":"call_9","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Zürich\"}"}}]},
              {"role":"tool","tool_call_id":"call_9","content":"12°C"},
              {"role":"assistant","content":"12°C in Zürich."}]}
            """);

        Assert.Equal(TranscriptFormats.OpenAiChat, t.Format);
        Assert.Equal("gpt-4o", t.Model);
        Assert.Equal("chat", t.Title);
        Assert.Equal("alice", t.Messages[1].Speaker);
        Assert.Equal(["Weather?", "[image]"], t.Messages[1].Blocks.Select(b => b.Text));
        Assert.Equal(
            [(BlockKinds.Reasoning, "Need the tool.", (string?)null), (BlockKinds.ToolCall, "{\n  \"city\": \"Zürich\"\n}", "get_weather")],
            t.Messages[2].Blocks.Select(b => (b.Kind, b.Text, b.Caption)));
        Assert.Equal(new ParsedBlock(BlockKinds.ToolResult, "12°C", "call_9"), Assert.Single(t.Messages[3].Blocks));
        Assert.Equal(MessageRoles.Tool, t.Messages[3].Role);
    }

    [Fact]
    public void OpenAi_jsonl_gives_one_conversation_per_line()
    {
        var jsonl = """
            {"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}
            [{"role":"user","content":"c"},{"role":"assistant","content":"d"}]
            """;

        var result = Assert.Single(Parsing.All("convs.jsonl", jsonl));

        Assert.Null(result.Error);
        Assert.Equal(2, result.Transcripts.Count);
        Assert.All(result.Transcripts, t => Assert.Equal(TranscriptFormats.OpenAiChat, t.Format));
    }

    [Fact]
    public void Anthropic_messages_map_thinking_redacted_thinking_tool_use_and_tool_results()
    {
        var t = Parsing.One("claude.json", """
            {"model":"claude-sonnet-4-5","system":[{"type":"text","text":"You are helpful."}],
             "messages":[
               {"role":"user","content":"List files"},
               {"role":"assistant","content":[
                 {"type":"thinking","thinking":"I should call ls.","signature":"abc"},
                 {"type":"redacted_thinking","data":"EmwKAhgBEgySECRETdata"},
                 {"type":"text","text":"Listing."},
                 {"type":"tool_use","id":"toolu_1","name":"bash","input":{"cmd":"ls"}}]},
               {"role":"user","content":[
                 {"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"a.txt\nb.txt"}]},
                 {"type":"text","text":"Thanks"}]}]}
            """);

        Assert.Equal(TranscriptFormats.AnthropicMessages, t.Format);
        Assert.Equal("claude-sonnet-4-5", t.Model);
        Assert.Equal(
            [MessageRoles.System, MessageRoles.User, MessageRoles.Assistant, MessageRoles.Tool, MessageRoles.User],
            t.Messages.Select(m => m.Role));
        Assert.Equal(
            [BlockKinds.Reasoning, BlockKinds.RedactedReasoning, BlockKinds.Text, BlockKinds.ToolCall],
            t.Messages[2].Blocks.Select(b => b.Kind));
        Assert.Equal("bash", t.Messages[2].Blocks[3].Caption);
        Assert.Equal("{\n  \"cmd\": \"ls\"\n}", t.Messages[2].Blocks[3].Text);
        Assert.Equal(new ParsedBlock(BlockKinds.ToolResult, "a.txt\nb.txt", "toolu_1"), Assert.Single(t.Messages[3].Blocks));
        Assert.DoesNotContain(Parsing.AllTexts(t), text => text.Contains("SECRET"));
    }

    [Fact]
    public void Conversation_json_takes_model_and_puts_other_fields_in_metadata()
    {
        var t = Parsing.One("coding.json", """
            {"model":"meta-llama/Llama-3.3-70B-Instruct","domain":"coding","persona_id":0,"topic_id":5,
             "persona":"An undergraduate","nested":{"deep":[1,2,3]},
             "conversation":[{"role":"user","content":"JAX or PyTorch?"},{"role":"assistant","content":"It depends."}]}
            """);

        Assert.Equal(TranscriptFormats.ConversationJson, t.Format);
        Assert.Equal("coding — persona 0, topic 5", t.Title);
        Assert.Equal("meta-llama/Llama-3.3-70B-Instruct", t.Model);
        Assert.Equal("An undergraduate", t.Metadata["persona"]!.GetValue<string>());
        Assert.Equal(3, t.Metadata["nested"]!["deep"]!.AsArray().Count);
        Assert.False(t.Metadata.ContainsKey("conversation"));
    }

    [Fact]
    public void Json_array_of_records_gives_one_transcript_per_item()
    {
        var result = Assert.Single(Parsing.All("set.json", """
            [{"conversation":[{"role":"user","content":"a"}]},{"conversation":[{"role":"user","content":"b"}]}]
            """));

        Assert.Null(result.Error);
        Assert.Equal(["[0]", "[1]"], result.Transcripts.Select(t => t.SourceLocator));
    }
}
