using System.Text.RegularExpressions;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// Plain text or Markdown with speaker prefixes at line start ("Human:", "**User:**", "JK:").
/// <list type="bullet">
/// <item>Only these prefixes count: role words (Human, User, H, Assistant, AI, A, System), model
/// names (Claude, ChatGPT, GPT-4o, Gemini, …) and 1–3 capital letters ("JK", "C"). So "Note:"
/// is never a speaker, and capital-letter names alone are trusted only when the text starts with
/// them or at least two of them each speak at least twice.</item>
/// <item>Role words carry no speaker name; other names are kept as the speaker. An unknown
/// name is a user when some speaker is an assistant, an assistant when some speaker is a user,
/// otherwise the first unknown speaker is the user and the others are assistants.</item>
/// <item>Each turn's text is trimmed of surrounding whitespace; text before the first turn is
/// kept in metadata as "preamble". With no speakers, the whole text is one user message.</item>
/// <item>A first line "# Heading" becomes the title and is not part of the text.</item>
/// </list>
/// </summary>
internal static partial class SpeakerText
{
    private static readonly Dictionary<string, string> RoleWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["human"] = MessageRoles.User,
        ["user"] = MessageRoles.User,
        ["h"] = MessageRoles.User,
        ["assistant"] = MessageRoles.Assistant,
        ["ai"] = MessageRoles.Assistant,
        ["a"] = MessageRoles.Assistant,
        ["system"] = MessageRoles.System,
    };

    private static readonly string[] ModelNames =
        ["claude", "chatgpt", "gpt", "gemini", "bard", "bing", "sydney", "llama", "mistral", "qwen", "deepseek", "grok", "o1", "o3", "o4"];

    private readonly record struct Turn(string Name, int Line, string FirstLineText);

    /// <summary>Reads the text into the assembler; returns the title from a leading "# heading", if any.</summary>
    public static string? Read(string text, TranscriptAssembler into)
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
            && !lines[(start + 1)..].All(string.IsNullOrWhiteSpace))
        {
            title = heading.Groups["title"].Value.Trim();
            start++;
        }

        var turns = FindTurns(lines, start);
        if (turns.Count == 0)
        {
            into.Add(MessageRoles.User, null, new ParsedBlock(BlockKinds.Text, string.Join('\n', lines[start..]).Trim()));
            return title;
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
            var body = string.Join('\n', new[] { turn.FirstLineText }.Concat(lines[(turn.Line + 1)..end])).Trim();
            var (role, speaker) = roles[turn.Name.ToUpperInvariant()];
            into.Add(role, speaker, new ParsedBlock(BlockKinds.Text, body));
        }
        return title;
    }

    private static List<Turn> FindTurns(string[] lines, int start)
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
        if (turns.Count == 0 || turns.Any(t => Classify(t.Name) is NameKind.RoleWord or NameKind.ModelName))
        {
            return turns;
        }

        var startsWithSpeaker = lines[start..turns[0].Line].All(string.IsNullOrWhiteSpace);
        var recurring = turns.GroupBy(t => t.Name.ToUpperInvariant()).Count(g => g.Count() >= 2);
        return startsWithSpeaker || recurring >= 2 ? turns : [];
    }

    private enum NameKind { NotASpeaker, RoleWord, ModelName, Initials }

    private static NameKind Classify(string name)
    {
        if (RoleWords.ContainsKey(name))
        {
            return NameKind.RoleWord;
        }
        if (ModelNames.Any(m => name.StartsWith(m, StringComparison.OrdinalIgnoreCase)
            && (name.Length == m.Length || !char.IsLetter(name[m.Length]))))
        {
            return NameKind.ModelName;
        }
        return InitialsName().IsMatch(name) ? NameKind.Initials : NameKind.NotASpeaker;
    }

    private static Dictionary<string, (string Role, string? Speaker)> AssignRoles(List<Turn> turns)
    {
        var result = new Dictionary<string, (string, string?)>();
        var names = turns.Select(t => t.Name).DistinctBy(n => n.ToUpperInvariant()).ToList();
        foreach (var name in names)
        {
            switch (Classify(name))
            {
                case NameKind.RoleWord:
                    result[name.ToUpperInvariant()] = (RoleWords[name], null);
                    break;
                case NameKind.ModelName:
                    result[name.ToUpperInvariant()] = (MessageRoles.Assistant, name);
                    break;
            }
        }

        var hasAssistant = result.Values.Any(r => r.Item1 == MessageRoles.Assistant);
        var hasUser = result.Values.Any(r => r.Item1 == MessageRoles.User);
        var firstUnknown = true;
        foreach (var name in names.Where(n => !result.ContainsKey(n.ToUpperInvariant())))
        {
            var role = hasAssistant ? MessageRoles.User
                : hasUser ? MessageRoles.Assistant
                : firstUnknown ? MessageRoles.User : MessageRoles.Assistant;
            result[name.ToUpperInvariant()] = (role, name);
            firstUnknown = false;
        }
        return result;
    }

    // "Name: text", "**Name:** text", "**Name**: text"; names without spaces only, so prose like
    // "The answer is: ..." never matches.
    [GeneratedRegex(@"^(?:\*\*)?(?<name>[A-Za-z][A-Za-z0-9._-]{0,31}?)(?:\*\*)?:(?:\*\*)?(?:[ \t]+(?<rest>.*)|[ \t]*$)")]
    private static partial Regex SpeakerLine();

    [GeneratedRegex(@"^[A-Z]{1,3}$")]
    private static partial Regex InitialsName();

    [GeneratedRegex(@"^#[ \t]+(?<title>\S.*)$")]
    private static partial Regex HeadingLine();
}
