using System.Text;
using System.Text.Json.Nodes;

namespace TranscriptReader.Core.Importing.Recipes;

/// <summary>
/// A one-line value such as the title or the model: a path (<c>instance_id</c>), or a template whose
/// <c>{path}</c> placeholders are filled in (<c>"{id} — {@key}"</c>). Placeholders give a value's first
/// line; a missing value gives nothing.
/// </summary>
internal sealed class RecipeText
{
    private readonly List<(string Literal, RecipePath? Path)> parts;

    private RecipeText(List<(string, RecipePath?)> parts) => this.parts = parts;

    public bool NeedsItem => parts.Any(p => p.Path?.NeedsItem == true);

    public static bool TryParse(string text, out RecipeText value, out string error)
    {
        value = null!;
        error = "";
        var parts = new List<(string, RecipePath?)>();
        if (!text.Contains('{') && !text.Contains('}'))
        {
            if (!RecipePath.TryParse(text, out var path, out error))
            {
                return false;
            }
            parts.Add(("", path));
            value = new RecipeText(parts);
            return true;
        }

        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '}')
            {
                error = $"'}}' at position {i + 1} closes no placeholder";
                return false;
            }
            if (text[i] != '{')
            {
                literal.Append(text[i]);
                continue;
            }
            var close = text.IndexOf('}', i + 1);
            if (close < 0)
            {
                error = $"unclosed '{{' at position {i + 1}";
                return false;
            }
            if (!RecipePath.TryParse(text[(i + 1)..close], out var path, out var pathError))
            {
                error = $"placeholder at position {i + 1}: {pathError}";
                return false;
            }
            parts.Add((literal.ToString(), path));
            literal.Clear();
            i = close;
        }
        parts.Add((literal.ToString(), null));
        value = new RecipeText(parts);
        return true;
    }

    /// <summary>The filled-in text, or null when nothing but literals (or nothing at all) came out.</summary>
    public string? Render(RecipeScope scope)
    {
        var text = new StringBuilder();
        var filled = false;
        foreach (var (literal, path) in parts)
        {
            text.Append(literal);
            if (path is not null && path.TryResolve(scope, out var node) && Scalar(node) is { } value)
            {
                text.Append(TextCleanup.TitleFrom(value) ?? "");
                filled = true;
            }
        }
        return filled && !string.IsNullOrWhiteSpace(text.ToString()) ? text.ToString().Trim() : null;
    }

    private static string? Scalar(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };
}
