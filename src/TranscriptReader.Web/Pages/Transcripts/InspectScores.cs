using System.Text.Json;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Web.Pages.Transcripts;

/// <summary>One scorer's verdict on an Inspect sample, as the page's score panel shows it.</summary>
/// <param name="Scorer">The scorer's name (the key under <c>scores</c>).</param>
/// <param name="Value">The score's value as text (e.g. "C", "0.5", "true").</param>
/// <param name="Answer">The answer the scorer extracted, when given.</param>
/// <param name="Explanation">The scorer's explanation, when given.</param>
/// <param name="Correct">True for correct (C, true, 1), false for incorrect (I, false, 0), null otherwise.</param>
public sealed record ScoreRow(string Scorer, string Value, string? Answer, string? Explanation, bool? Correct);

/// <summary>
/// Reads the <c>scores</c> and <c>target</c> metadata an Inspect import keeps (Core/Importing/InspectLog.cs) into
/// rows for a score panel, so readers see value, answer, target and explanation instead of raw JSON.
/// </summary>
public static class InspectScores
{
    /// <summary>The metadata keys the panel shows, left out of the plain metadata list.</summary>
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.Ordinal) { "scores", "target" };

    /// <summary>The score rows of the metadata; empty when it has no <c>scores</c> object.</summary>
    public static IReadOnlyList<ScoreRow> Of(IEnumerable<MetadataEntry> metadata)
    {
        var scores = metadata.FirstOrDefault(e => e.Key == "scores" && e.IsJson);
        if (scores is null)
        {
            return [];
        }
        try
        {
            using var doc = JsonDocument.Parse(scores.Value);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [];
            }
            return doc.RootElement.EnumerateObject().Select(p => Row(p.Name, p.Value)).ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The sample's target as text (a list of targets joined by "; "), or null.</summary>
    public static string? Target(IEnumerable<MetadataEntry> metadata)
    {
        var target = metadata.FirstOrDefault(e => e.Key == "target");
        if (target is null || !target.IsJson)
        {
            return target?.Value;
        }
        try
        {
            using var doc = JsonDocument.Parse(target.Value);
            return doc.RootElement.ValueKind == JsonValueKind.Array
                ? string.Join("; ", doc.RootElement.EnumerateArray().Select(Text))
                : Text(doc.RootElement);
        }
        catch (JsonException)
        {
            return target.Value;
        }
    }

    private static ScoreRow Row(string scorer, JsonElement score)
    {
        if (score.ValueKind != JsonValueKind.Object)
        {
            return new ScoreRow(scorer, Text(score), null, null, Verdict(score));
        }
        var value = score.TryGetProperty("value", out var v) ? v : default;
        return new ScoreRow(scorer, value.ValueKind == JsonValueKind.Undefined ? "" : Text(value),
            score.TryGetProperty("answer", out var a) && a.ValueKind != JsonValueKind.Null ? Text(a) : null,
            score.TryGetProperty("explanation", out var x) && x.ValueKind != JsonValueKind.Null ? Text(x) : null,
            Verdict(value));
    }

    private static bool? Verdict(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() switch { "C" => true, "I" => false, _ => null },
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when value.TryGetDouble(out var d) => d == 1 ? true : d == 0 ? false : null,
        _ => null,
    };

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.GetRawText();
}
