using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TranscriptReader.Core.Tests.Support;

/// <summary>
/// The case files in tests/Fixtures, which the JavaScript tests (tests/TranscriptReader.Js.Tests)
/// read too: one list of cases, checked in both languages, so the browser and the server provably
/// compute the same thing.
/// </summary>
internal static class SharedCases
{
    /// <summary>The "cases" array of a fixture file, by each case's unique "name".</summary>
    public static IReadOnlyDictionary<string, JsonElement> Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", file);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.Clone());
    }

    /// <summary>Case names as xunit theory data.</summary>
    public static TheoryData<string> Names(string file) => new(Load(file).Keys);

    /// <summary>
    /// A JSON string exactly as written, lone surrogates included: JsonElement.GetString refuses those
    /// (it decodes through UTF-8), and the cases need them. Null for a JSON null or a missing property.
    /// </summary>
    public static string? Text(JsonElement parent, string property)
    {
        if (!parent.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var raw = value.GetRawText();
        var sb = new StringBuilder(raw.Length);
        for (var i = 1; i < raw.Length - 1; i++)
        {
            if (raw[i] != '\\')
            {
                sb.Append(raw[i]);
                continue;
            }
            var escaped = raw[++i];
            switch (escaped)
            {
                case 'u':
                    sb.Append((char)int.Parse(raw.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                default: sb.Append(escaped); break;
            }
        }
        return sb.ToString();
    }
}
