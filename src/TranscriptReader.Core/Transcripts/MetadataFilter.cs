using System.Globalization;
using System.Text.Json;

namespace TranscriptReader.Core.Transcripts;

/// <summary>The "key=value" metadata filter of the transcript list and the agreement figures.</summary>
public static class MetadataFilter
{
    /// <summary>"key=value" as a JSON containment filter; true/false/null/numbers match JSON values of that type. Null when malformed.</summary>
    public static string? ToJson(string filter)
    {
        var eq = filter.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return null;
        }
        var key = filter[..eq].Trim();
        var raw = filter[(eq + 1)..].Trim();
        object? value = raw switch
        {
            "true" or "True" => true,
            "false" or "False" => false,
            "null" => null,
            _ when double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n,
            _ => raw,
        };
        return key.Length == 0 ? null : JsonSerializer.Serialize(new Dictionary<string, object?> { [key] = value });
    }
}
