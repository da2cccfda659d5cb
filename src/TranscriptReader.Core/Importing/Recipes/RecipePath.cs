using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace TranscriptReader.Core.Importing.Recipes;

/// <summary>Where a field is read: the record, and for element and entry transcripts the item with its key or index.</summary>
internal readonly record struct RecipeScope(JsonNode Record, JsonNode? Item = null, string? Key = null, int? Index = null)
{
    /// <summary>The entry key, or the element index as text.</summary>
    public string? KeyText => Key ?? Index?.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// A field path: <c>result.metadata.model</c>, <c>responses[0]</c>, <c>["key with.dots"]</c>. A path
/// starting with <c>@</c> reads the element or entry (<c>@</c> alone is the item itself, <c>@.text</c> a
/// field of it); <c>@key</c> and <c>@index</c> are the entry key and element index, alone or as a
/// segment (<c>scores.@key</c>: the score keyed like this entry). A numeric segment indexes arrays
/// and names object keys ("0"), so <c>samples.0</c> works for both.
/// </summary>
internal sealed class RecipePath
{
    private enum SegmentKind { Name, Index, CurrentKey }

    private readonly record struct Segment(SegmentKind Kind, string Name = "", int Index = 0);

    private readonly List<Segment> segments;

    private RecipePath(string text, bool fromItem, bool keyOnly, List<Segment> segments)
    {
        Text = text;
        FromItem = fromItem;
        KeyOnly = keyOnly;
        this.segments = segments;
    }

    public string Text { get; }

    /// <summary>Reads the element or entry rather than the record (or needs its key).</summary>
    public bool FromItem { get; }

    /// <summary>The whole path is @key or @index.</summary>
    private bool KeyOnly { get; }

    /// <summary>Needs an element or entry: reads it, or uses its key.</summary>
    public bool NeedsItem => FromItem || KeyOnly || segments.Any(s => s.Kind == SegmentKind.CurrentKey);

    public static bool TryParse(string text, out RecipePath path, out string error)
    {
        path = null!;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a path cannot be empty";
            return false;
        }
        if (text is "@key" or "@index")
        {
            path = new RecipePath(text, false, true, []);
            return true;
        }

        var segments = new List<Segment>();
        var pos = 0;
        var fromItem = false;
        if (text[0] == '@' && (text.Length == 1 || text[1] is '.' or '['))
        {
            fromItem = true;
            pos = 1;
            if (pos < text.Length && text[pos] == '.')
            {
                pos++;
                if (pos == text.Length)
                {
                    error = "a path cannot end with '.'";
                    return false;
                }
            }
        }
        while (pos < text.Length)
        {
            if (!ReadSegment(text, ref pos, segments, out error))
            {
                return false;
            }
            if (pos < text.Length && text[pos] == '.')
            {
                pos++;
                if (pos == text.Length)
                {
                    error = "a path cannot end with '.'";
                    return false;
                }
            }
            else if (pos < text.Length && text[pos] != '[')
            {
                error = $"unexpected '{text[pos]}' at position {pos + 1}";
                return false;
            }
        }
        path = new RecipePath(text, fromItem, false, segments);
        return true;
    }

    private static bool ReadSegment(string text, ref int pos, List<Segment> segments, out string error)
    {
        error = "";
        if (text[pos] == '[')
        {
            return ReadBracket(text, ref pos, segments, out error);
        }
        var start = pos;
        while (pos < text.Length && text[pos] is not ('.' or '[' or ']'))
        {
            pos++;
        }
        var name = text[start..pos];
        if (name.Length == 0)
        {
            error = $"empty field name at position {start + 1}";
            return false;
        }
        if (name.StartsWith('@'))
        {
            if (name is not ("@key" or "@index"))
            {
                error = $"'{name}' at position {start + 1}: only @key and @index can follow a '.'; write @.name to read a field of the item";
                return false;
            }
            segments.Add(new Segment(SegmentKind.CurrentKey));
            return true;
        }
        segments.Add(new Segment(SegmentKind.Name, name));
        return true;
    }

    private static bool ReadBracket(string text, ref int pos, List<Segment> segments, out string error)
    {
        error = "";
        var open = pos;
        pos++;
        if (pos < text.Length && text[pos] == '"')
        {
            var name = new StringBuilder();
            pos++;
            while (pos < text.Length && text[pos] != '"')
            {
                if (text[pos] == '\\' && pos + 1 < text.Length)
                {
                    pos++;
                }
                name.Append(text[pos]);
                pos++;
            }
            if (pos >= text.Length)
            {
                error = $"unclosed quote in the brackets at position {open + 1}";
                return false;
            }
            pos++;
            segments.Add(new Segment(SegmentKind.Name, name.ToString()));
        }
        else
        {
            var close = text.IndexOf(']', pos);
            if (close < 0)
            {
                error = $"unclosed '[' at position {open + 1}";
                return false;
            }
            var inner = text[pos..close];
            if (inner is "@key" or "@index")
            {
                segments.Add(new Segment(SegmentKind.CurrentKey));
            }
            else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                segments.Add(new Segment(SegmentKind.Index, Index: index));
            }
            else
            {
                error = $"'[{inner}]' at position {open + 1}: brackets hold an index, a \"quoted name\", @key or @index";
                return false;
            }
            pos = close;
        }
        if (pos >= text.Length || text[pos] != ']')
        {
            error = $"missing ']' for the '[' at position {open + 1}";
            return false;
        }
        pos++;
        return true;
    }

    /// <summary>The value at the path; found is false when a step is missing (as opposed to a JSON null).</summary>
    public bool TryResolve(RecipeScope scope, out JsonNode? value)
    {
        value = null;
        if (KeyOnly)
        {
            value = Text == "@key" && scope.Key is not null ? JsonValue.Create(scope.Key)
                : scope.Index is { } index ? JsonValue.Create(index)
                : scope.KeyText is { } key ? JsonValue.Create(key) : null;
            return value is not null;
        }

        var node = FromItem ? scope.Item : scope.Record;
        if (FromItem && scope.Item is null)
        {
            return false;
        }
        foreach (var segment in segments)
        {
            var name = segment.Kind switch
            {
                SegmentKind.Name => segment.Name,
                SegmentKind.Index => segment.Index.ToString(CultureInfo.InvariantCulture),
                _ => scope.KeyText,
            };
            if (name is null)
            {
                return false;
            }
            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(name, out var child):
                    node = child;
                    break;
                case JsonArray array when int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count:
                    node = array[i];
                    break;
                default:
                    return false;
            }
        }
        value = node;
        return true;
    }

    public override string ToString() => Text;
}
