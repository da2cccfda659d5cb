using System.Text.Json.Nodes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// OpenRouter's reasoning_details: a list of entries typed reasoning.text (readable reasoning),
/// reasoning.summary (a readable summary) and reasoning.encrypted (ciphertext, never shown). It arrives
/// as a message field (OpenAI-style chat) or, in Inspect logs, inside a reasoning part's signature as
/// "reasoning-details://" followed by the JSON list; Inspect may then mark the part redacted although
/// readable text is there, so the entries decide what is shown.
/// </summary>
internal static class ReasoningDetails
{
    public const string SignaturePrefix = "reasoning-details://";

    /// <summary>The blocks a reasoning-details signature holds; null when the signature is something else or unreadable.</summary>
    public static List<ParsedBlock>? FromSignature(string? signature)
    {
        if (signature is null || !signature.StartsWith(SignaturePrefix, StringComparison.Ordinal))
        {
            return null;
        }
        return JsonSupport.TryParse(signature[SignaturePrefix.Length..], out var node) && node is JsonArray details
            ? FromList(details)
            : null;
    }

    /// <summary>
    /// All readable text entries as one reasoning block; without any, the summaries as one summary
    /// block; without those, a redacted marker when something was encrypted; otherwise nothing.
    /// </summary>
    public static List<ParsedBlock> FromList(JsonArray details)
    {
        var entries = details.OfType<JsonObject>().ToList();
        var texts = Texts(entries, "reasoning.text", "text");
        if (texts.Count > 0)
        {
            return [new ParsedBlock(BlockKinds.Reasoning, string.Join("\n\n", texts))];
        }
        var summaries = Texts(entries, "reasoning.summary", "summary");
        if (summaries.Count > 0)
        {
            return [new ParsedBlock(BlockKinds.ReasoningSummary, string.Join("\n\n", summaries))];
        }
        return entries.Any(e => e.GetString("type") == "reasoning.encrypted")
            ? [new ParsedBlock(BlockKinds.RedactedReasoning, ContentParts.RedactedReasoningText)]
            : [];
    }

    private static List<string> Texts(List<JsonObject> entries, string type, string field) =>
        entries.Where(e => e.GetString("type") == type)
            .Select(e => e.GetString(field))
            .OfType<string>()
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(t => t.Trim())
            .ToList();
}
