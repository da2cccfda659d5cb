using System.IO.Compression;
using System.Text;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Tests.Importing;

public sealed class InspectImportTests
{
    private const string Ciphertext = "gAAAAABoSECRETciphertextZZZ";

    private static string Log(string messagesJson, string extraSampleFields = "") => $$"""
        {
          "version": 2, "status": "success",
          "eval": { "task": "demo_task", "model": "anthropic/claude-test", "eval_id": "E1" },
          "samples": [
            { "id": 7, "epoch": 2, "target": "B", "metadata": { "subject": "physics" },
              "scores": { "match": { "value": "C" } },
              "messages": {{messagesJson}} {{extraSampleFields}} }
          ]
        }
        """;

    [Fact]
    public void Inspect_json_log_gives_one_transcript_per_sample_with_title_model_and_scores()
    {
        var t = Parsing.One("run.json", Log("""[{"role":"user","content":"What is 2+2?"},{"role":"assistant","content":"4"}]"""));

        Assert.Equal(TranscriptFormats.Inspect, t.Format);
        Assert.Equal("demo_task — sample 7, epoch 2", t.Title);
        Assert.Equal("anthropic/claude-test", t.Model);
        Assert.Equal("samples[0]", t.SourceLocator);
        Assert.Equal("C", t.Metadata["scores"]!["match"]!["value"]!.GetValue<string>());
        Assert.Equal("physics", t.Metadata["sample_metadata"]!["subject"]!.GetValue<string>());
        Assert.Equal([MessageRoles.User, MessageRoles.Assistant], t.Messages.Select(m => m.Role));
    }

    [Fact]
    public void Redacted_reasoning_without_summary_becomes_a_redacted_marker_and_hides_the_ciphertext()
    {
        var t = Parsing.One("run.json", Log($$"""
            [{"role":"user","content":"hi"},
             {"role":"assistant","content":[
               {"type":"reasoning","reasoning":"{{Ciphertext}}","signature":"sig","redacted":true},
               {"type":"text","text":"Hello."}]}]
            """));

        var blocks = t.Messages[1].Blocks;
        Assert.Equal(BlockKinds.RedactedReasoning, blocks[0].Kind);
        Assert.Equal("Reasoning redacted by the provider.", blocks[0].Text);
        Assert.DoesNotContain(Parsing.AllTexts(t), text => text.Contains("SECRET", StringComparison.Ordinal));
        Assert.DoesNotContain(t.Messages.SelectMany(m => m.Blocks), b => b.Caption?.Contains("SECRET") == true);
    }

    [Fact]
    public void Redacted_reasoning_with_summary_shows_the_summary_and_hides_the_ciphertext()
    {
        var t = Parsing.One("run.json", Log($$"""
            [{"role":"user","content":"hi"},
             {"role":"assistant","content":[
               {"type":"reasoning","reasoning":"{{Ciphertext}}","summary":"Thought about greetings.","redacted":true},
               {"type":"text","text":"Hello."}]}]
            """));

        Assert.Equal(new ParsedBlock(BlockKinds.Reasoning, "Thought about greetings."), t.Messages[1].Blocks[0]);
        Assert.DoesNotContain(Parsing.AllTexts(t), text => text.Contains("SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public void Plain_reasoning_is_a_reasoning_block_before_the_text()
    {
        var t = Parsing.One("run.json", Log("""
            [{"role":"user","content":"hi"},
             {"role":"assistant","content":[{"type":"reasoning","reasoning":"Let me think.","redacted":false},{"type":"text","text":"Hello."}]}]
            """));

        Assert.Equal([BlockKinds.Reasoning, BlockKinds.Text], t.Messages[1].Blocks.Select(b => b.Kind));
        Assert.Equal("Let me think.", t.Messages[1].Blocks[0].Text);
    }

    [Fact]
    public void Attachment_references_are_resolved_from_the_sample_attachments()
    {
        var t = Parsing.One("run.json", Log(
            """[{"role":"user","content":"attachment://abc123"},{"role":"assistant","content":"See: attachment://def456 and attachment://missing"}]""",
            """, "attachments": { "abc123": "The long question.", "def456": "a long quote" }"""));

        Assert.Equal("The long question.", t.Messages[0].Blocks[0].Text);
        Assert.Equal("See: a long quote and attachment://missing", t.Messages[1].Blocks[0].Text);
    }

    [Fact]
    public void Tool_calls_become_pretty_printed_tool_call_blocks_and_tool_messages_tool_results()
    {
        var t = Parsing.One("run.json", Log("""
            [{"role":"user","content":"Open the site"},
             {"role":"assistant","content":"","tool_calls":[{"id":"call_1","function":"web_go","arguments":{"url":"https://example.org"}}]},
             {"role":"tool","content":"<html>page</html>","tool_call_id":"call_1","function":"web_go"},
             {"role":"tool","content":"","tool_call_id":"call_2","function":"bash","error":{"type":"timeout","message":"took too long"}}]
            """));

        var call = Assert.Single(t.Messages[1].Blocks);
        Assert.Equal(BlockKinds.ToolCall, call.Kind);
        Assert.Equal("web_go", call.Caption);
        Assert.Equal("{\n  \"url\": \"https://example.org\"\n}", call.Text);

        Assert.Equal(MessageRoles.Tool, t.Messages[2].Role);
        Assert.Equal("web_go", t.Messages[2].Speaker);
        Assert.Equal(new ParsedBlock(BlockKinds.ToolResult, "<html>page</html>", "call_1"), Assert.Single(t.Messages[2].Blocks));
        Assert.Equal("Error (timeout): took too long", Assert.Single(t.Messages[3].Blocks).Text);
    }

    [Fact]
    public void Images_in_content_become_a_placeholder()
    {
        var t = Parsing.One("run.json", Log("""
            [{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image","image":"data:image/png;base64,iVBORw0KGgo="}]},
             {"role":"assistant","content":"A cat."}]
            """));

        Assert.Equal(["What is this?", "[image]"], t.Messages[0].Blocks.Select(b => b.Text));
        Assert.DoesNotContain(Parsing.AllTexts(t), text => text.Contains("base64"));
    }

    [Fact]
    public void Eval_archive_gives_one_transcript_per_sample_entry()
    {
        var bytes = Zip(
            ("header.json", """{"eval":{"task":"mmlu","model":"openai/gpt-4o"}}"""),
            ("samples/1_epoch_1.json", """{"id":1,"epoch":1,"messages":[{"role":"user","content":"Q1"},{"role":"assistant","content":"A"}]}"""),
            ("samples/2_epoch_1.json", """{"id":2,"epoch":1,"messages":[{"role":"user","content":"Q2"},{"role":"assistant","content":"B"}]}"""),
            ("summaries.json", "[]"));

        var result = Assert.Single(Parsing.All("run.eval", bytes));

        Assert.Null(result.Error);
        Assert.Equal(["mmlu — sample 1, epoch 1", "mmlu — sample 2, epoch 1"], result.Transcripts.Select(t => t.Title));
        Assert.Equal("samples/2_epoch_1.json", result.Transcripts[1].SourceLocator);
        Assert.All(result.Transcripts, t => Assert.Equal("openai/gpt-4o", t.Model));
    }

    [Fact]
    public void Eval_archive_without_samples_is_an_error()
    {
        var bytes = Zip(("header.json", """{"eval":{"task":"mmlu","model":"openai/gpt-4o"}}"""));

        var result = Assert.Single(Parsing.All("empty.eval", bytes));

        Assert.Empty(result.Transcripts);
        Assert.Contains("empty.eval", result.Error);
        Assert.Contains("no samples", result.Error);
    }

    [Fact]
    public void Json_log_without_samples_is_an_error()
    {
        var error = Parsing.Error("run.json", """{"version":2,"eval":{"task":"t"},"samples":[]}""");

        Assert.Contains("run.json: Inspect log has no samples", error);
    }

    [Fact]
    public void A_sample_with_only_empty_messages_fails_the_file_naming_the_sample()
    {
        var error = Parsing.Error("run.json", Log("""[{"role":"user","content":""},{"role":"assistant","content":"   "}]"""));

        Assert.Contains("sample 7", error);
        Assert.Contains("no messages with text", error);
    }

    [Fact]
    public void Eval_log_inside_a_dataset_zip_is_read_but_other_nested_zips_are_not()
    {
        var eval = Zip(
            ("header.json", """{"eval":{"task":"t","model":"m"}}"""),
            ("samples/1_epoch_1.json", """{"id":1,"epoch":1,"messages":[{"role":"user","content":"Q"}]}"""));
        var other = Zip(("a.txt", "User: hi"));
        var outer = ZipBytes(("logs/run.eval", eval), ("more.zip", other));

        var results = Parsing.All("set.zip", outer);

        Assert.Equal(["set.zip/logs/run.eval", "set.zip/more.zip"], results.Select(r => r.FileName));
        Assert.Null(results[0].Error);
        Assert.Equal("t — sample 1, epoch 1", Assert.Single(results[0].Transcripts).Title);
        Assert.Contains("ZIP inside a ZIP", results[1].Error);
    }

    internal static byte[] Zip(params (string Name, string Text)[] entries) =>
        ZipBytes(entries.Select(e => (e.Name, new UTF8Encoding(false).GetBytes(e.Text))).ToArray());

    internal static byte[] ZipBytes(params (string Name, byte[] Bytes)[] entries)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(bytes);
            }
        }
        return stream.ToArray();
    }
}
