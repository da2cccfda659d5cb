using System.Text.RegularExpressions;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <summary>What a plain-text transcript says about itself besides its turns.</summary>
internal readonly record struct SpeakerTextInfo(string? Title, string? Model);

/// <summary>
/// Plain text or Markdown with speaker prefixes at line start ("Human:", "**User:**", "JK:") or turn
/// headings ("## Assistant", "### Turn 3 - User", "## 👤 User (10:32)").
/// <list type="bullet">
/// <item>Turn headings win: when a text has them, prefixes inside the turns are content. A heading
/// counts when its text is a role word or model name, or any speaker after "Turn N -".</item>
/// <item>Only these prefixes count: role words (Human, User, H, You, Assistant, AI, A, System), model
/// names (Claude, ChatGPT, GPT-4o, Gemini, …), Model and Bot, and 1–3 capital letters ("JK", "C").
/// So "Note:" is never a speaker; without a role word or model name, the names are trusted only
/// when there are at least two of them and the text starts with one or two of them each speak at
/// least twice.</item>
/// <item>Roles: Human, User, H and You are the user; Assistant, AI, model names, Model, Bot and C are
/// assistant-like. A is the assistant unless another speaker is assistant-like (then A is the
/// human, as in a pasted "A: Hello, Claude." / "C: I aim to be direct."). Any other name is the
/// user when some speaker is an assistant, the assistant when some speaker is a user, otherwise
/// the first such speaker is the user and the others are assistants.</item>
/// <item>Names are kept as the speaker, except the plain role words Human, User, Assistant, AI and
/// System, which the role already says.</item>
/// <item>A "Model: claude-3-opus" or "**Model:** …" line before the first turn gives the model,
/// when its value reads like a model name rather than a sentence.</item>
/// <item>Each turn's text is trimmed of surrounding whitespace and of trailing "---" rules; text before
/// the first turn is kept in metadata as "preamble". With no speakers, the whole text is one user message.</item>
/// <item>A first line "# Heading" (not itself a turn heading) becomes the title and is not part of the text.</item>
/// </list>
/// </summary>
internal static partial class SpeakerText
{
    private static readonly HashSet<string> UserWords = new(StringComparer.OrdinalIgnoreCase) { "human", "user", "h", "you" };

    private static readonly HashSet<string> AssistantWords = new(StringComparer.OrdinalIgnoreCase) { "assistant", "ai", "model", "bot" };

    /// <summary>Role words whose role says all; other names stay visible as the speaker.</summary>
    private static readonly HashSet<string> SilentNames = new(StringComparer.OrdinalIgnoreCase) { "human", "user", "assistant", "ai", "system" };

    /// <summary>Names trusted as speakers on their own, however few times they speak.</summary>
    private static readonly HashSet<string> StrongNames = new(StringComparer.OrdinalIgnoreCase) { "human", "user", "h", "you", "assistant", "ai", "a", "system" };

    private static readonly string[] ModelNames =
        ["claude", "chatgpt", "gpt", "gemini", "bard", "bing", "sydney", "llama", "mistral", "qwen", "deepseek", "grok", "o1", "o3", "o4"];

    private readonly record struct Turn(string Name, int Line, string FirstLineText);

    /// <summary>Reads the text into the assembler; returns the title from a leading "# heading" and a declared model, if any.</summary>
    public static SpeakerTextInfo Read(string text, TranscriptAssembler into)
    {
        var lines = text.Split('\n');
        var start = 0;
        while (start < lines.Length && string.IsNullOrWhiteSpace(lines[start]))
        {
            start++;
        }

        string? title = null;
        // A heading with nothing under it is the content, not a title.
        if (start < lines.Length && HeadingLine().Match(lines[start]) is { Success: true } heading
            && HeadingTurn(lines[start]) is null
            && !lines[(start + 1)..].All(string.IsNullOrWhiteSpace))
        {
            title = heading.Groups["title"].Value.Trim();
            start++;
        }

        var turns = FindHeadingTurns(lines, start);
        if (turns.Count == 0)
        {
            turns = FindPrefixTurns(lines, start);
        }
        var model = TakeModel(lines, start, turns);
        if (turns.Count == 0)
        {
            into.Add(MessageRoles.User, null, new ParsedBlock(BlockKinds.Text, string.Join('\n', lines[start..]).Trim()));
            return new SpeakerTextInfo(title, model);
        }

        var preamble = string.Join('\n', lines[start..turns[0].Line]).Trim();
        if (preamble.Length > 0)
        {
            into.Metadata["preamble"] = preamble;
        }

        var roles = AssignRoles(turns);
        for (var i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            var end = i + 1 < turns.Count ? turns[i + 1].Line : lines.Length;
            var body = TrailingRule().Replace(string.Join('\n', new[] { turn.FirstLineText }.Concat(lines[(turn.Line + 1)..end])), "").Trim();
            var (role, speaker) = roles[turn.Name.ToUpperInvariant()];
            into.Add(role, speaker, new ParsedBlock(BlockKinds.Text, body));
        }
        return new SpeakerTextInfo(title, model);
    }

    /// <summary>Turn headings, when there are at least two: one "## AI" section heading is not a dialogue.</summary>
    private static List<Turn> FindHeadingTurns(string[] lines, int start)
    {
        var turns = new List<Turn>();
        for (var i = start; i < lines.Length; i++)
        {
            if (HeadingTurn(lines[i]) is { } name)
            {
                turns.Add(new Turn(name, i, ""));
            }
        }
        return turns.Count >= 2 ? turns : [];
    }

    /// <summary>The speaker of a turn heading, or null when the line is not one.</summary>
    private static string? HeadingTurn(string line)
    {
        var match = TurnHeadingLine().Match(line);
        if (!match.Success)
        {
            return null;
        }
        var name = match.Groups["name"].Value;
        var kind = Classify(name);
        return kind is NameKind.Strong or NameKind.AssistantLike || (match.Groups["turn"].Success && kind is not NameKind.NotASpeaker)
            ? name
            : null;
    }

    private static List<Turn> FindPrefixTurns(string[] lines, int start)
    {
        var turns = new List<Turn>();
        for (var i = start; i < lines.Length; i++)
        {
            var match = SpeakerLine().Match(lines[i]);
            if (match.Success && Classify(match.Groups["name"].Value) is not NameKind.NotASpeaker)
            {
                turns.Add(new Turn(match.Groups["name"].Value, i, match.Groups["rest"].Value));
            }
        }
        if (turns.Count == 0 || turns.Any(t => Classify(t.Name) is NameKind.Strong || IsModelName(t.Name)))
        {
            return turns;
        }

        // Without a role word or model name, it takes two speakers to make a dialogue ("Model: XR-200" is a spec sheet).
        var speakers = turns.GroupBy(t => t.Name.ToUpperInvariant()).ToList();
        var startsWithSpeaker = lines[start..turns[0].Line].All(string.IsNullOrWhiteSpace);
        var recurring = speakers.Count(g => g.Count() >= 2);
        return speakers.Count >= 2 && (startsWithSpeaker || recurring >= 2) ? turns : [];
    }

    /// <summary>
    /// A model declared before the first real turn: a "Model: x" line in the preamble, or leading
    /// "Model" turns of one model-like line when other speakers follow (those turns are removed).
    /// The model line is blanked in <paramref name="lines"/> so it does not reach the preamble.
    /// </summary>
    private static string? TakeModel(string[] lines, int start, List<Turn> turns)
    {
        var firstOther = turns.FindIndex(t => !t.Name.Equals("model", StringComparison.OrdinalIgnoreCase));
        var end = firstOther >= 0 ? turns[firstOther].Line : 0;
        if (firstOther < 0)
        {
            return null;
        }
        for (var i = start; i < end; i++)
        {
            if (ModelLine().Match(lines[i]) is { Success: true } match && LooksLikeModelName(match.Groups["value"].Value))
            {
                turns.RemoveAll(t => t.Line == i);
                lines[i] = "";
                return match.Groups["value"].Value.Trim();
            }
        }
        return null;
    }

    /// <summary>"claude-3-opus-20240229", "GPT-4o", "Claude 3.5 Sonnet", "anthropic/claude-3"; not "Sure" or a sentence.</summary>
    private static bool LooksLikeModelName(string value)
    {
        var trimmed = value.Trim().Trim('*', '`').Trim();
        var words = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return trimmed.Length is > 0 and <= 100
            && !trimmed.EndsWith('.') && !trimmed.EndsWith('?') && !trimmed.EndsWith('!')
            && words.Length <= 5
            && (trimmed.Any(c => char.IsDigit(c) || c is '-' or '/') || IsModelName(words[0]));
    }

    private enum NameKind { NotASpeaker, Strong, AssistantLike, Initials }

    private static NameKind Classify(string name)
    {
        if (StrongNames.Contains(name))
        {
            return NameKind.Strong;
        }
        if (IsAssistantLike(name))
        {
            return NameKind.AssistantLike;
        }
        return InitialsName().IsMatch(name) ? NameKind.Initials : NameKind.NotASpeaker;
    }

    /// <summary>"C" only in capitals: a lowercase "c:" is more likely a list item than Claude.</summary>
    private static bool IsAssistantLike(string name) => AssistantWords.Contains(name) || name == "C" || IsModelName(name);

    private static bool IsModelName(string name) =>
        ModelNames.Any(m => name.StartsWith(m, StringComparison.OrdinalIgnoreCase)
            && (name.Length == m.Length || !char.IsLetter(name[m.Length])));

    private static Dictionary<string, (string Role, string? Speaker)> AssignRoles(List<Turn> turns)
    {
        var result = new Dictionary<string, (string Role, string? Speaker)>();
        var names = turns.Select(t => t.Name).DistinctBy(n => n.ToUpperInvariant()).ToList();
        void Assign(string name, string role) =>
            result[name.ToUpperInvariant()] = (role, SilentNames.Contains(name) ? null : name);

        foreach (var name in names)
        {
            if (UserWords.Contains(name))
            {
                Assign(name, MessageRoles.User);
            }
            else if (name.Equals("system", StringComparison.OrdinalIgnoreCase))
            {
                Assign(name, MessageRoles.System);
            }
            else if (IsAssistantLike(name))
            {
                Assign(name, MessageRoles.Assistant);
            }
        }
        if (names.FirstOrDefault(n => n.Equals("a", StringComparison.OrdinalIgnoreCase)) is { } a)
        {
            Assign(a, result.Values.Any(r => r.Role == MessageRoles.Assistant) ? MessageRoles.User : MessageRoles.Assistant);
        }

        var hasAssistant = result.Values.Any(r => r.Role == MessageRoles.Assistant);
        var hasUser = result.Values.Any(r => r.Role == MessageRoles.User);
        var firstUnknown = true;
        foreach (var name in names.Where(n => !result.ContainsKey(n.ToUpperInvariant())))
        {
            var role = hasAssistant ? MessageRoles.User
                : hasUser ? MessageRoles.Assistant
                : firstUnknown ? MessageRoles.User : MessageRoles.Assistant;
            Assign(name, role);
            firstUnknown = false;
        }
        return result;
    }

    // "Name: text", "**Name:** text", "**Name**: text"; names without spaces only, so prose like
    // "The answer is: ..." never matches.
    [GeneratedRegex(@"^(?:\*\*)?(?<name>[A-Za-z][A-Za-z0-9._-]{0,31}?)(?:\*\*)?:(?:\*\*)?(?:[ \t]+(?<rest>.*)|[ \t]*$)")]
    private static partial Regex SpeakerLine();

    // "## User", "### Turn 3 - Assistant", "## 👤 User (10:32)", "## assistant — 2025-01-02", "## **Human:**".
    [GeneratedRegex(@"^#{1,6}[ \t]+(?:[^\p{L}\p{N}\s]+[ \t]*)?(?<turn>Turn[ \t]+\d+[ \t]*[-–—:.][ \t]*)?(?:\*\*)?(?<name>[A-Za-z][A-Za-z0-9._-]{0,31}?)(?:\*\*)?[ \t]*:?(?:\*\*)?[ \t]*(?:\([^)]*\)|[-–—][ \t]+.*)?[ \t]*$", RegexOptions.IgnoreCase)]
    private static partial Regex TurnHeadingLine();

    [GeneratedRegex(@"^(?:\*\*)?Model(?:\*\*)?:(?:\*\*)?[ \t]*(?<value>\S.*?)[ \t]*$", RegexOptions.IgnoreCase)]
    private static partial Regex ModelLine();

    [GeneratedRegex(@"(?:\n[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*)+\s*$")]
    private static partial Regex TrailingRule();

    [GeneratedRegex(@"^[A-Z]{1,3}$")]
    private static partial Regex InitialsName();

    [GeneratedRegex(@"^#[ \t]+(?<title>\S.*)$")]
    private static partial Regex HeadingLine();
}
