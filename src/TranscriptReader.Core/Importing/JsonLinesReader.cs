using System.Text.Json.Nodes;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// JSON Lines: every non-blank line is one JSON value; any bad line fails the file with its 1-based
/// line number. A file of agent session events is one transcript; otherwise each line is one.
/// </summary>
internal static class JsonLinesReader
{
    /// <summary>Several lines where the first is a JSON object on its own: a .jsonl with another extension.</summary>
    public static bool Looks(string text)
    {
        var lines = text.Split('\n').Where(l => !string.IsNullOrWhiteSpace(l)).Take(2).ToList();
        return lines.Count == 2 && JsonSupport.TryParse(lines[0], out var first) && first is JsonObject;
    }

    /// <summary>The parsed lines with their locators ("line 7").</summary>
    public static List<(string Locator, JsonNode Value)> ParseLines(string text, CancellationToken ct = default)
    {
        var values = new List<(string, JsonNode)>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                values.Add(($"line {i + 1}", JsonSupport.Parse(line)));
            }
            catch (ImportException ex)
            {
                throw ex.Within($"line {i + 1}");
            }
        }
        return values.Count > 0 ? values : throw new ImportException("has no JSON lines");
    }

    public static List<ParsedTranscript> Read(string text, string? format, string baseName, CancellationToken ct = default)
    {
        if (format == TranscriptFormats.Inspect)
        {
            throw new ImportException($"does not fit format {format}: JSON Lines are not an Inspect log");
        }

        var lines = ParseLines(text, ct);
        var events = lines.Select(l => l.Value).OfType<JsonObject>().ToList();
        if (format == TranscriptFormats.AgentSession
            || (format is null && events.Count == lines.Count && AgentSessionLog.Looks(events)))
        {
            var objects = lines.Select(l => (l.Locator, l.Value as JsonObject
                ?? throw new ImportException($"{l.Locator}: is not a JSON object"))).ToList();
            return [AgentSessionLog.Read(objects, baseName)];
        }

        var transcripts = new List<ParsedTranscript>();
        foreach (var (locator, value) in lines)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var node = value;
                if (node is JsonArray messages && messages.All(m => m is JsonObject o && o.ContainsKey("role")))
                {
                    node = new JsonObject { ["messages"] = messages.DeepClone() };
                }
                var record = node as JsonObject ?? throw new ImportException("is not a JSON object");
                transcripts.Add(JsonTranscripts.FromRecord(record, format, baseName, locator, $"{baseName} — {locator}"));
            }
            catch (ImportException ex)
            {
                throw ex.Within(locator);
            }
        }
        return transcripts;
    }
}
