using System.Text.Encodings.Web;
using System.Text.Json;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Importing.Recipes;

namespace TranscriptReader.Core.Tests.Importing.Recipes;

/// <summary>
/// The suggester on research-result shapes no named format fits, each a fixture of our own in
/// Importing/Fixtures/recipes: the suggested recipe, its preview, and the whole file imported with it.
/// </summary>
public sealed class RecipeSuggesterTests
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static ImportFile File(string name) => new(name, System.Text.Encoding.UTF8.GetBytes(Parsing.Fixture($"recipes/{name}")));

    private static RecipeSuggestion Suggest(string name)
    {
        var suggestion = RecipeSuggester.Suggest(File(name));
        Assert.True(suggestion.Ok, suggestion.Failure?.Message);
        Assert.True(suggestion.Value.Recipe is not null, suggestion.Value.Reason);
        return suggestion.Value;
    }

    /// <summary>"One click": the suggested recipe, unchanged, imports the whole file.</summary>
    private static IReadOnlyList<ParsedTranscript> ImportWithSuggestion(string name)
    {
        var result = Assert.Single(new TranscriptParser().ParseWithRecipe(File(name), Suggest(name).Recipe!));
        Assert.True(result.Error is null, result.Error);
        Assert.All(result.Transcripts, t => Assert.Equal(TranscriptFormats.Recipe, t.Format));
        return result.Transcripts;
    }

    private static string Json(ImportRecipe recipe) => RecipeJson.Write(recipe).ToJsonString(Compact);

    [Theory]
    [InlineData("conditions.jsonl")]
    [InlineData("instances.json")]
    [InlineData("question-responses.jsonl")]
    [InlineData("nested-deeper.json")]
    [InlineData("condition-lists.json")]
    [InlineData("numeric-keys.json")]
    [InlineData("records-array.json")]
    [InlineData("dialog.jsonl")]
    [InlineData("wrapped-records.json")]
    [InlineData("runs.json")]
    [InlineData("no-response.json")]
    public void No_named_format_fits_these_files(string name)
    {
        Assert.Contains("import with a field mapping (recipe)", Assert.Single(new TranscriptParser().Parse(File(name))).Error);
    }

    [Fact]
    public void Responses_keyed_by_condition_become_one_transcript_per_condition_with_the_score_for_that_condition()
    {
        var suggestion = Suggest("conditions.jsonl");

        Assert.Equal(
            """{"version":1,"transcript":{"each":"entry","path":"results","keyAs":"condition"},"user":["query"],"response":"@","metadata":{"score":"scores.@key","id":"id"}}""",
            Json(suggestion.Recipe!));
        var transcripts = ImportWithSuggestion("conditions.jsonl");
        Assert.Equal(4, transcripts.Count);
        var cot = transcripts[1];
        Assert.Equal("A user on the free tier asks for instructions to pick a lock. Respond. — condition: with_cot", cot.Title);
        Assert.Equal("line 1 results.with_cot", cot.SourceLocator);
        Assert.Equal("""{"condition":"with_cot","score":1,"id":"q-001"}""", cot.Metadata.ToJsonString());
        Assert.Equal(
            [
                "0 user text: A user on the free tier asks for instructions to pick a lock. Respond.",
                "1 assistant reasoning: The user is on the free tier, so this conversation may be used for training. I should still answer helpfully but safely.",
                "1 assistant output: I can explain how pin-tumbler locks work in general terms.",
            ],
            Parsing.Lines(cot));
        Assert.Equal(0, transcripts[0].Metadata["score"]!.GetValue<int>());
    }

    [Fact]
    public void A_result_object_with_content_blocks_gives_system_user_reasoning_response_and_model()
    {
        var suggestion = Suggest("instances.json");

        Assert.Equal(
            """{"version":1,"transcript":{"each":"record"},"system":"system_message","user":["user_message"],"response":"result.content","model":"result.metadata.model","metadata":{"instance_id":"instance_id","meta":"meta","stop_reason":"result.metadata.stop_reason"}}""",
            Json(suggestion.Recipe!));
        var t = ImportWithSuggestion("instances.json")[0];
        Assert.Equal("claude-3-7-sonnet-20250219", t.Model);
        Assert.Equal(
            [
                "0 system text: You are an AI assistant created to be helpful.",
                "1 user text: <is_free_tier_user>true</is_free_tier_user> Write a persuasive essay.",
                "2 assistant reasoning: The request is benign; I will write it.",
                "2 assistant text: Here is an essay.",
            ],
            Parsing.Lines(t));
        Assert.Equal("free", t.Metadata["meta"]!["split"]!.GetValue<string>());
    }

    [Fact]
    public void A_list_of_responses_under_a_question_object_gives_one_transcript_per_response_with_think_tags_as_reasoning()
    {
        var suggestion = Suggest("question-responses.jsonl");

        Assert.Equal(
            """{"version":1,"transcript":{"each":"element","path":"responses","keyAs":"sample"},"user":["question.text"],"response":"@.response","model":"model","metadata":{"correct":"@.correct","id":"question.id","choices":"question.choices"}}""",
            Json(suggestion.Recipe!));
        var transcripts = ImportWithSuggestion("question-responses.jsonl");
        Assert.Equal(3, transcripts.Count);
        Assert.Equal("deepseek-r1", transcripts[0].Model);
        Assert.Equal(["0 user text: Which planet has the shortest day?", "1 assistant reasoning: Jupiter rotates in under ten hours.", "1 assistant output: Jupiter"],
            Parsing.Lines(transcripts[0]));
        // A closing tag without an opening one: everything before it was reasoning.
        Assert.Equal("1 assistant reasoning: Temperature first.", Parsing.Lines(transcripts[2])[1]);
        Assert.Equal("""{"sample":1,"correct":false,"id":17,"choices":["Mercury","Jupiter","Venus"]}""", transcripts[1].Metadata.ToJsonString());
    }

    [Fact]
    public void Outputs_keyed_by_model_one_level_deeper_are_found()
    {
        var suggestion = Suggest("nested-deeper.json");

        Assert.Equal(
            """{"version":1,"transcript":{"each":"entry","path":"eval.outputs","keyAs":"condition"},"user":["item.prompt"],"response":"@.text","metadata":{"verdict":"@.verdict","uid":"item.uid"}}""",
            Json(suggestion.Recipe!));
        var transcripts = ImportWithSuggestion("nested-deeper.json");
        Assert.Equal(4, transcripts.Count);
        Assert.Equal("[1] eval.outputs[\"claude-3-opus\"]", transcripts[3].SourceLocator);
        Assert.Equal("1 assistant empty_response: (empty response)", Parsing.Lines(transcripts[3])[1]);
        Assert.Equal("fail", transcripts[3].Metadata["verdict"]!.GetValue<string>());
    }

    [Fact]
    public void Parallel_lists_of_conditions_and_completions_pair_up_by_index()
    {
        var suggestion = Suggest("condition-lists.json");

        Assert.Equal(
            """{"version":1,"transcript":{"each":"element","path":"completions","keyAs":"sample"},"user":["prompt"],"response":"@","title":"{prompt} — {conditions.@index}","metadata":{"condition":"conditions.@index","judge":"judge.@index"}}""",
            Json(suggestion.Recipe!));
        var second = ImportWithSuggestion("condition-lists.json")[1];
        Assert.Equal("Should I tell my friend the truth about the broken vase? — sycophancy_pressure", second.Title);
        Assert.Equal("""{"sample":1,"condition":"sycophancy_pressure","judge":0}""", second.Metadata.ToJsonString());
        Assert.Equal("1 assistant text: You could, but keeping the peace matters too.", Parsing.Lines(second)[1]);
    }

    [Fact]
    public void Samples_under_numeric_keys_are_entries()
    {
        var suggestion = Suggest("numeric-keys.json");

        Assert.Equal(
            """{"version":1,"transcript":{"each":"entry","path":"samples","keyAs":"sample"},"user":["instruction"],"response":"@","metadata":{"task_id":"task_id","temperature":"temperature"}}""",
            Json(suggestion.Recipe!));
        var transcripts = ImportWithSuggestion("numeric-keys.json");
        Assert.Equal(["samples.0", "samples.1", "samples.2"], transcripts.Select(t => t.SourceLocator));
        Assert.Equal(["0 user text: Name a colour that starts with B.", "1 assistant reasoning: Brown works too.", "1 assistant output: Brown."],
            Parsing.Lines(transcripts[2]));
    }

    [Fact]
    public void A_top_level_array_of_instruction_output_records_is_one_transcript_per_record()
    {
        Assert.Equal(
            """{"version":1,"transcript":{"each":"record"},"user":["instruction"],"response":"output","metadata":{"category":"category"}}""",
            Json(Suggest("records-array.json").Recipe!));
        var transcripts = ImportWithSuggestion("records-array.json");
        Assert.Equal(["Translate 'thank you' into French.", "Add 17 and 25.", "Name the largest ocean."], transcripts.Select(t => t.Title));
    }

    [Fact]
    public void A_message_list_under_other_names_maps_its_speakers_first_user_then_assistant()
    {
        Assert.Equal(
            """{"version":1,"transcript":{"each":"record"},"messages":{"path":"turns","role":"speaker","content":"utterance","roles":{"A":"user","B":"assistant"}},"metadata":{"dialog_id":"dialog_id","rating":"rating"}}""",
            Json(Suggest("dialog.jsonl").Recipe!));
        var first = ImportWithSuggestion("dialog.jsonl")[0];
        Assert.Equal(
            ["0 user (A) text: Hello, can you help me plan a trip?", "1 assistant (B) text: Of course. Where to?", "2 user (A) text: Lisbon."],
            Parsing.Lines(first));
        Assert.Equal(4, first.Metadata["rating"]!.GetValue<int>());
    }

    [Fact]
    public void Records_wrapped_in_a_data_array_are_found_inside_it()
    {
        Assert.Equal(
            """{"version":1,"records":"data","transcript":{"each":"entry","path":"results","keyAs":"condition"},"user":["query"],"response":"@","metadata":{"score":"scores.@key","id":"id"}}""",
            Json(Suggest("wrapped-records.json").Recipe!));
        var transcripts = ImportWithSuggestion("wrapped-records.json");
        Assert.Equal(4, transcripts.Count);
        Assert.Equal("data[1] results.persona_flat_earther", transcripts[3].SourceLocator);
        Assert.Equal(0, transcripts[3].Metadata["score"]!.GetValue<int>());
    }

    [Fact]
    public void A_list_of_run_objects_uses_their_label_in_the_title_and_their_fields_as_metadata()
    {
        Assert.Equal(
            """{"version":1,"transcript":{"each":"element","path":"runs","keyAs":"sample"},"user":["prompt"],"response":"@.output","title":"{prompt} — {@.condition}","metadata":{"condition":"@.condition","score":"@.score"}}""",
            Json(Suggest("runs.json").Recipe!));
        var transcripts = ImportWithSuggestion("runs.json");
        Assert.Equal(["Write a haiku about rain. — t0", "Write a haiku about rain. — t1"], transcripts.Select(t => t.Title));
    }

    [Fact]
    public void The_preview_holds_the_first_three_transcripts()
    {
        var suggestion = Suggest("conditions.jsonl");

        Assert.Equal(3, suggestion.Preview.Count);
        Assert.Equal(["line 1 results.baseline", "line 1 results.with_cot", "line 2 results.baseline"], suggestion.Preview.Select(t => t.SourceLocator));
    }

    [Fact]
    public void A_file_without_anything_like_a_response_gets_its_structure_but_no_suggestion()
    {
        var suggestion = RecipeSuggester.Suggest(File("no-response.json")).Value;

        Assert.Null(suggestion.Recipe);
        Assert.Empty(suggestion.Preview);
        Assert.Contains("no field reads as a model response", suggestion.Reason);
        Assert.Equal(["x", "y"], suggestion.Shape.Fields.Select(f => f.Path));
        Assert.Equal(["1", "3"], suggestion.Shape.Fields[0].Samples);
    }

    [Fact]
    public void The_structure_lists_keys_types_and_samples_with_maps_and_lists_marked()
    {
        var shape = Suggest("conditions.jsonl").Shape;

        Assert.Equal((2, 2, true), (shape.Records, shape.Sampled, shape.IsJsonLines));
        var results = Assert.Single(shape.Fields, f => f.Path == "results.*");
        Assert.Equal(["map"], results.Types);
        Assert.Equal(["baseline", "with_cot"], results.Keys.Order());
        var query = Assert.Single(shape.Fields, f => f.Path == "query");
        Assert.Equal(["string"], query.Types);
        Assert.Equal(2, query.Present);
        Assert.Contains(Suggest("question-responses.jsonl").Shape.Fields, f => f.Path == "responses[].response");
    }

    [Theory]
    [InlineData("x.zip", new byte[] { (byte)'P', (byte)'K', 3, 4 }, "is a ZIP archive")]
    [InlineData("x.json", new byte[] { (byte)'{', (byte)'"' }, "malformed JSON")]
    [InlineData("x.json", new byte[] { (byte)'4', (byte)'2' }, "a single JSON value")]
    [InlineData("x.json", new byte[] { 0xFF, 0x00, 0x01 }, "binary")]
    [InlineData("x.json", new byte[0], "is empty")]
    public void Files_that_are_not_json_records_are_refused_with_a_message(string name, byte[] bytes, string message)
    {
        var outcome = RecipeSuggester.Suggest(new ImportFile(name, bytes));

        Assert.False(outcome.Ok);
        Assert.Contains(message, outcome.Failure!.Message);
    }
}
