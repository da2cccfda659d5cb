namespace TranscriptReader.Core.Importing.Recipes;

/// <summary>
/// A field mapping for JSON or JSON Lines files that no named format fits: what one transcript is and
/// which fields hold its turns. The JSON form (see <see cref="RecipeJson"/> and docs/import-recipes.md)
/// is what users save, edit and send; field values are paths (see <see cref="RecipePath"/>), read from
/// the record, or from the transcript's element or entry when they start with "@".
/// </summary>
public sealed record ImportRecipe
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>Path to the array of records inside the file (or inside each JSON line); null: the file's records themselves.</summary>
    public string? Records { get; init; }

    /// <summary>What one transcript is: each record, each element of an array, or each entry of an object.</summary>
    public TranscriptUnit Transcript { get; init; } = new(TranscriptUnit.EachRecord);

    /// <summary>The system prompt.</summary>
    public string? System { get; init; }

    /// <summary>User turns, in order; a path to an array of strings gives one turn per string.</summary>
    public IReadOnlyList<string> User { get; init; } = [];

    /// <summary>A list of messages with role and content fields, read before the user turns and the response.</summary>
    public MessageListMapping? Messages { get; init; }

    /// <summary>Reasoning shown before the response, in the same assistant message.</summary>
    public string? Reasoning { get; init; }

    /// <summary>The assistant's response: a string (inline think tags become reasoning), content blocks, or a message object.</summary>
    public string? Response { get; init; }

    /// <summary>A path, or a template with {path} placeholders; without one, the first line of the first user turn.</summary>
    public string? Title { get; init; }

    /// <summary>A path, or a template with {path} placeholders.</summary>
    public string? Model { get; init; }

    /// <summary>Metadata name → path; "scores.@key" takes the score for the same entry key (a sibling keyed alike).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <param name="Each">record, element or entry (see the constants).</param>
/// <param name="Path">For element and entry: the array or object whose elements or entries are transcripts.</param>
/// <param name="KeyAs">For element and entry: the metadata name that receives the element's index or the entry's key.</param>
public sealed record TranscriptUnit(string Each, string? Path = null, string? KeyAs = null)
{
    public const string EachRecord = "record";
    public const string EachElement = "element";
    public const string EachEntry = "entry";
}

/// <param name="Path">The array of message objects.</param>
/// <param name="Role">The field of each message holding its role or speaker.</param>
/// <param name="Content">The field of each message holding its text or content blocks.</param>
/// <param name="Roles">Role values → user, assistant, system or tool; values not listed are read as chat roles (human, gpt, bot, …).</param>
public sealed record MessageListMapping(
    string Path, string Role = "role", string Content = "content", IReadOnlyDictionary<string, string>? Roles = null);
