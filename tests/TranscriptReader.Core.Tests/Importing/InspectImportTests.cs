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
    public void Redacted_reasoning_with_summary_shows_the_summary_as_a_summary_and_hides_the_ciphertext()
    {
        var t = Parsing.One("run.json", Log($$"""
            [{"role":"user","content":"hi"},
             {"role":"assistant","content":[
               {"type":"reasoning","reasoning":"{{Ciphertext}}","summary":"Thought about greetings.","redacted":true},
               {"type":"text","text":"Hello."}]}]
            """));

        Assert.Equal(new ParsedBlock(BlockKinds.ReasoningSummary, "Thought about greetings."), t.Messages[1].Blocks[0]);
        Assert.DoesNotContain(Parsing.AllTexts(t), text => text.Contains("SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public void Reasoning_details_in_the_signature_show_their_readable_text_although_marked_redacted()
    {
        // OpenRouter via Inspect: the part is marked redacted, its reasoning field holds ciphertext, and
        // the readable text is only in the signature's reasoning-details JSON.
        var signature = "reasoning-details://[{\"type\": \"reasoning.encrypted\", \"data\": \"" + Ciphertext + "\"}, "
            + "{\"type\": \"reasoning.text\", \"text\": \"Check the units first.\", \"format\": \"unknown\", \"index\": 1}, "
            + "{\"type\": \"reasoning.text\", \"text\": \"Then convert.\", \"index\": 2}]";
        var t = Parsing.One("run.json", Log($$"""
            [{"role":"user","content":"hi"},
             {"role":"assistant","content":[
               {"type":"reasoning","reasoning":"{{Ciphertext}}","signature":{{System.Text.Json.JsonSerializer.Serialize(signature)}},"redacted":true},
               {"type":"text","text":"Done."}]}]
            """));

        Assert.Equal(new ParsedBlock(BlockKinds.Reasoning, "Check the units first.\n\nThen convert."), t.Messages[1].Blocks[0]);
        Assert.DoesNotContain(Parsing.AllTexts(t), text => text.Contains("SECRET", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""[{"type": "reasoning.summary", "summary": "Compared two options."}]""", BlockKinds.ReasoningSummary, "Compared two options.")]
    [InlineData("""[{"type": "reasoning.encrypted", "data": "gAAAASECRET"}]""", BlockKinds.RedactedReasoning, "Reasoning redacted by the provider.")]
    public void Reasoning_details_without_text_show_the_summary_or_the_redacted_marker(string details, string kind, string text)
    {
        var t = Parsing.One("run.json", Log($$"""
            [{"role":"user","content":"hi"},
             {"role":"assistant","content":[
               {"type":"reasoning","reasoning":"x","signature":{{System.Text.Json.JsonSerializer.Serialize("reasoning-details://" + details)}},"redacted":true},
               {"type":"text","text":"Done."}]}]
            """));

        Assert.Equal(new ParsedBlock(kind, text), t.Messages[1].Blocks[0]);
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
    public void Images_in_content_become_image_blocks_with_their_checked_bytes()
    {
        var t = Parsing.One("run.json", Log("""
            [{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image","image":"data:image/png;base64,iVBORw0KGgo="}]},
             {"role":"assistant","content":"A cat."}]
            """));

        var image = t.Messages[0].Blocks[1];
        Assert.Equal((BlockKinds.Image, "[image]", "image/png"), (image.Kind, image.Text, image.Caption));
        Assert.Equal(Convert.FromBase64String("iVBORw0KGgo="), image.Image!.Bytes);
        Assert.DoesNotContain(Parsing.AllTexts(t), text => text.Contains("base64"));
    }

    [Fact]
    public void Images_stored_as_attachments_are_resolved_and_checked()
    {
        var gif = Convert.ToBase64String("GIF89a\u0001\u0000\u0001\u0000"u8.ToArray());
        var svg = Convert.ToBase64String("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"u8.ToArray());
        var t = Parsing.One("run.json", Log("""
            [{"role":"user","content":[{"type":"image","image":"attachment://img1"},{"type":"image","image":"attachment://img2"}]},
             {"role":"assistant","content":"Two pictures."}]
            """, $$""", "attachments": { "img1": "data:image/gif;base64,{{gif}}", "img2": "data:image/svg+xml;base64,{{svg}}" }"""));

        Assert.Equal(
            ["0 user image [image/gif]: [image]", "0 user text: [image not shown: SVG images are not shown]", "1 assistant text: Two pictures."],
            Parsing.Lines(t));
        Assert.Equal("image/gif", t.Messages[0].Blocks[0].Image!.MediaType);
    }

    [Fact]
    public void Samples_that_pool_their_messages_import_every_message_of_the_conversation()
    {
        // Newer logs: the sample keeps distinct messages once in message_pool and refers to them by
        // [start, end) ranges; here through message_refs.
        var t = Parsing.One("run.json", Log("[]", """
            , "message_pool": [
                {"role":"system","content":"Be brief."},
                {"role":"user","content":"Capital of France?"},
                {"role":"assistant","content":"Paris."},
                {"role":"user","content":"And of Italy?"},
                {"role":"assistant","content":"Rome."}],
              "message_refs": [[0, 3], [3, 5]]
            """));

        Assert.Equal(
            ["0 system text: Be brief.", "1 user text: Capital of France?", "2 assistant text: Paris.", "3 user text: And of Italy?", "4 assistant text: Rome."],
            Parsing.Lines(t));
    }

    [Fact]
    public void Without_message_refs_the_longest_model_call_and_its_output_are_the_conversation()
    {
        var t = Parsing.One("run.json", Log("[]", """
            , "events_data": { "messages": [
                {"role":"user","content":"Step one?"},
                {"role":"assistant","content":"Done one."},
                {"role":"user","content":"Step two?"}], "calls": [] },
              "events": [
                {"event":"model","input":[],"input_refs":[[0, 1]],"output":{"choices":[{"message":{"role":"assistant","content":"Done one."}}]}},
                {"event":"model","input":[],"input_refs":[[0, 3]],"output":{"choices":[{"message":{"role":"assistant","content":"Done two."}}]}}]
            """));

        Assert.Equal(
            ["0 user text: Step one?", "1 assistant text: Done one.", "2 user text: Step two?", "3 assistant text: Done two."],
            Parsing.Lines(t));
    }

    [Fact]
    public void A_message_ref_outside_the_pool_fails_the_file_naming_the_sample()
    {
        var error = Parsing.Error("run.json", Log("[]", """, "message_pool": [{"role":"user","content":"a"}], "message_refs": [[0, 5]]"""));

        Assert.Contains("sample 7", error);
        Assert.Contains("message_refs has a range [0,5]", error);
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
