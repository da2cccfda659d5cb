using System.Text;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Importing.Recipes;

namespace TranscriptReader.Core.Tests.Importing.Recipes;

/// <summary>Applying a recipe by hand: paths, units, field shapes, and files it does not fit.</summary>
public sealed class RecipeApplierTests
{
    private static FileParseResult Import(string fileName, string content, string recipeJson) =>
        Assert.Single(new TranscriptParser().ParseWithRecipe(new ImportFile(fileName, Encoding.UTF8.GetBytes(content)), RecipeJson.Read(recipeJson).Value));

    private static IReadOnlyList<ParsedTranscript> Transcripts(string fileName, string content, string recipeJson)
    {
        var result = Import(fileName, content, recipeJson);
        Assert.True(result.Error is null, result.Error);
        return result.Transcripts;
    }

    [Fact]
    public void Paths_read_nested_fields_indexes_quoted_keys_and_sibling_keys()
    {
        var t = Assert.Single(Transcripts("a.json", """
            {"q": {"parts": ["first", "second"]}, "odd.key": {"x y": "sys"}, "r": {"c1": {"text": "one"}}, "s": {"c1": 0.5}, "m": [{"name": "gpt-x"}]}
            """, """
            {"transcript":{"each":"entry","path":"r","keyAs":"cond"},"system":"[\"odd.key\"][\"x y\"]","user":["q.parts[1]"],
             "response":"@.text","model":"m.0.name","title":"Q: {q.parts.0} ({@key})","metadata":{"score":"s.@key","whole":"@"}}
            """));

        Assert.Equal(["0 system text: sys", "1 user text: second", "2 assistant text: one"], Parsing.Lines(t));
        Assert.Equal("gpt-x", t.Model);
        Assert.Equal("Q: first (c1)", t.Title);
        Assert.Equal("""{"cond":"c1","score":0.5,"whole":{"text":"one"}}""", t.Metadata.ToJsonString());
    }

    [Fact]
    public void A_list_of_strings_as_the_user_field_gives_one_turn_each_and_reasoning_comes_before_the_response()
    {
        var t = Assert.Single(Transcripts("a.jsonl", """{"turns": ["hi", "again"], "cot": "think first", "final": "done"}""",
            """{"user":["turns"],"reasoning":"cot","response":"final"}"""));

        Assert.Equal(["0 user text: hi", "1 user text: again", "2 assistant reasoning: think first", "2 assistant text: done"], Parsing.Lines(t));
    }

    [Fact]
    public void Content_blocks_and_message_objects_as_the_response_keep_their_reasoning()
    {
        var transcripts = Transcripts("a.jsonl", """
            {"p": "q1", "r": [{"type": "thinking", "thinking": "hmm"}, {"type": "text", "text": "yes"}]}
            {"p": "q2", "r": {"role": "assistant", "content": "no", "reasoning_content": "because"}}
            {"p": "q3", "r": {"verdict": "pass", "n": 3}}
            {"p": "q4", "r": null}
            """, """{"user":["p"],"response":"r"}""");

        Assert.Equal(["1 assistant reasoning: hmm", "1 assistant text: yes"], Parsing.Lines(transcripts[0])[1..]);
        Assert.Equal(["1 assistant reasoning: because", "1 assistant text: no"], Parsing.Lines(transcripts[1])[1..]);
        Assert.Equal(["1 assistant text: {\n  \"verdict\": \"pass\",\n  \"n\": 3\n}"], Parsing.Lines(transcripts[2])[1..]);
        Assert.Equal(["1 assistant empty_response: (empty response)"], Parsing.Lines(transcripts[3])[1..]);
    }

    [Fact]
    public void A_message_list_maps_roles_and_keeps_unknown_speakers_visible()
    {
        var t = Assert.Single(Transcripts("a.json", """
            {"log": [{"who": {"name": "Alice"}, "said": "Hello"}, {"who": {"name": "Claude"}, "said": "<think>greet</think>Hi"}, {"who": {"name": "sys"}, "said": "note"}]}
            """, """{"messages":{"path":"log","role":"who.name","content":"said","roles":{"claude":"assistant","SYS":"system"}}}"""));

        Assert.Equal(
            ["0 user (Alice) text: Hello", "1 assistant (Claude) reasoning: greet", "1 assistant (Claude) output: Hi", "2 system (sys) text: note"],
            Parsing.Lines(t));
    }

    [Fact]
    public void Records_missing_the_collection_are_skipped_but_a_collection_matching_nothing_anywhere_fails()
    {
        var ok = Transcripts("a.jsonl", "{\"items\": [\"a\"]}\n{\"other\": 1}\n", """{"transcript":{"each":"element","path":"items"},"response":"@"}""");
        var none = Import("a.jsonl", "{\"other\": 1}\n", """{"transcript":{"each":"element","path":"items"},"response":"@"}""");

        Assert.Single(ok);
        Assert.Equal("a.jsonl: transcript.path 'items' matched no array in any record", none.Error);
    }

    [Theory]
    [InlineData("{\"items\": {\"a\": 1}}", """{"transcript":{"each":"element","path":"items"},"response":"@"}""",
        "a.jsonl: line 1: transcript.path 'items' is an object, not an array")]
    [InlineData("{\"m\": \"x\"}", """{"messages":{"path":"m"}}""", "a.jsonl: line 1: messages.path 'm' is a string, not an array")]
    [InlineData("{\"m\": [{\"content\": \"x\"}]}", """{"messages":{"path":"m"}}""", "a.jsonl: line 1: message 1 of 'm' has no role at 'role'")]
    [InlineData("{\"p\": \"x\"}", """{"user":["p"],"response":"answer"}""", "a.jsonl: response path 'answer' matched nothing in any transcript")]
    [InlineData("[1, 2]", """{"response":"a"}""", "a.jsonl: line 1: is not a JSON object")]
    [InlineData("{\"data\": 5}", """{"records":"data","response":"a"}""", "a.jsonl: line 1: records path 'data' is a number, not an array")]
    [InlineData("not json at all", """{"response":"a"}""", "a.jsonl: line 1: malformed JSON")]
    public void A_file_the_recipe_does_not_fit_fails_whole_with_where_and_why(string content, string recipe, string error)
    {
        var result = Import("a.jsonl", content, recipe);

        Assert.Empty(result.Transcripts);
        Assert.StartsWith(error, result.Error);
    }

    [Fact]
    public void An_invalid_recipe_fails_the_file_with_the_path_of_the_problem()
    {
        var recipe = new ImportRecipe { Response = "@.text" };

        var result = Assert.Single(new TranscriptParser().ParseWithRecipe(new ImportFile("a.json", "{}"u8.ToArray()), recipe));

        Assert.StartsWith("a.json: the recipe is not valid: $.response: uses @", result.Error);
    }

    [Fact]
    public void A_zip_dataset_is_read_entry_by_entry_with_the_recipe()
    {
        var zip = InspectImportTests.Zip(("a.jsonl", "{\"q\": \"1\", \"r\": \"one\"}"), ("b.jsonl", "{\"q\": \"2\"}"));

        var results = new TranscriptParser().ParseWithRecipe(new ImportFile("set.zip", zip), RecipeJson.Read("""{"user":["q"],"response":"r"}""").Value);

        Assert.Equal(["set.zip/a.jsonl", "set.zip/b.jsonl"], results.Select(r => r.FileName));
        Assert.Null(results[0].Error);
        Assert.Contains("response path 'r' matched nothing", results[1].Error);
    }

    [Fact]
    public void The_preview_stops_after_three_transcripts_and_reports_problems_as_failures()
    {
        var document = RecipeDocument.FromFile(new ImportFile("a.jsonl", Encoding.UTF8.GetBytes(
            string.Join('\n', Enumerable.Range(1, 10).Select(i => $"{{\"q\": \"{i}\", \"r\": \"ok\"}}"))))).Value;

        var preview = RecipeApplier.Preview(RecipeJson.Read("""{"user":["q"],"response":"r"}""").Value, document, "a.jsonl");
        var broken = RecipeApplier.Preview(new ImportRecipe { Transcript = new TranscriptUnit("entry", "q"), Response = "@" }, document, "a.jsonl");

        Assert.Equal(["1", "2", "3"], preview.Value.Select(t => t.Title));
        Assert.Equal("a.jsonl: line 1: transcript.path 'q' is a string, not an object", broken.Failure!.Message);
    }

    [Fact]
    public void Identical_responses_under_two_conditions_hash_alike()
    {
        // The content hash ignores metadata, so the import skips the second as a duplicate (see the note in docs/import-recipes.md).
        var transcripts = Transcripts("a.json", """{"q": "x", "r": {"a": "same", "b": "same"}}""",
            """{"transcript":{"each":"entry","path":"r","keyAs":"c"},"user":["q"],"response":"@"}""");

        Assert.Equal(transcripts[0].ContentHash, transcripts[1].ContentHash);
    }
}
