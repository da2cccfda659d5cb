using System.Text;
using System.Text.Json.Nodes;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Importing.Recipes;

namespace TranscriptReader.Core.Tests.Importing;

/// <summary>
/// The fixtures with random values swapped for values of other types (a fixed seed, so failures
/// repeat): the parsers, the suggester and the recipe applier answer with a result or a message, and
/// never with an internal exception ("could not be read (NullReferenceException)").
/// </summary>
public sealed class MutatedInputTests
{
    private const int MutationsPerFixture = 60;

    public static TheoryData<string> Fixtures => new()
    {
        "chatgpt-conversations.json", "claude-conversations.json", "claude-code-session.jsonl", "sharegpt.json",
        "recipes/conditions.jsonl", "recipes/instances.json", "recipes/question-responses.jsonl", "recipes/nested-deeper.json",
        "recipes/condition-lists.json", "recipes/dialog.jsonl", "recipes/runs.json", "recipes/wrapped-records.json",
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Mutated_files_give_results_or_messages_never_internal_errors(string fixture)
    {
        var random = new Random(fixture.Length * 7919);
        var text = Parsing.Fixture(fixture);
        var jsonLines = fixture.EndsWith(".jsonl", StringComparison.Ordinal);
        var recipe = RecipeSuggester.Suggest(new ImportFile(fixture, Encoding.UTF8.GetBytes(text))).Value.Recipe;
        var parser = new TranscriptParser();

        for (var i = 0; i < MutationsPerFixture; i++)
        {
            var mutated = Mutate(text, jsonLines, random);
            var file = new ImportFile(fixture, Encoding.UTF8.GetBytes(mutated));

            var results = parser.Parse(file).Concat(recipe is null ? [] : parser.ParseWithRecipe(file, recipe));
            foreach (var result in results)
            {
                Assert.False(result.Error?.Contains("could not be read (") == true, $"{result.Error}\n{mutated}");
            }
            var suggestion = RecipeSuggester.Suggest(file);
            Assert.False(suggestion.Failure?.Message.Contains("could not be read (") == true, $"{suggestion.Failure?.Message}\n{mutated}");
        }
    }

    private static string Mutate(string text, bool jsonLines, Random random)
    {
        if (!jsonLines)
        {
            return MutateDocument(text, random);
        }
        var lines = text.Split('\n').Where(l => l.Length > 0).ToArray();
        var at = random.Next(lines.Length);
        lines[at] = MutateDocument(lines[at], random);
        return string.Join('\n', lines);
    }

    private static string MutateDocument(string json, Random random)
    {
        var root = JsonNode.Parse(json)!;
        var nodes = new List<(JsonNode Parent, object Key)>();
        Collect(root, nodes);
        for (var n = 0; n < 1 + random.Next(3) && nodes.Count > 0; n++)
        {
            var (parent, key) = nodes[random.Next(nodes.Count)];
            JsonNode? replacement = random.Next(7) switch
            {
                0 => null,
                1 => JsonValue.Create(random.Next(-5, 5)),
                2 => JsonValue.Create(""),
                3 => JsonValue.Create("<think>x"),
                4 => new JsonArray(JsonValue.Create(1), null, new JsonObject()),
                5 => new JsonObject { ["type"] = "image", ["image"] = "data:image/svg+xml;base64,PHN2Zz4=" },
                _ => new JsonObject(),
            };
            if (parent is JsonObject obj)
            {
                obj[(string)key] = replacement;
            }
            else
            {
                ((JsonArray)parent)[(int)key] = replacement;
            }
        }
        return root.ToJsonString();
    }

    private static void Collect(JsonNode? node, List<(JsonNode Parent, object Key)> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    into.Add((obj, key));
                    Collect(value, into);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    into.Add((array, i));
                    Collect(array[i], into);
                }
                break;
        }
    }
}
