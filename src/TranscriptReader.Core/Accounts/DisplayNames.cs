using TranscriptReader.Core.Text;

namespace TranscriptReader.Core.Accounts;

/// <summary>The rule for a reader's display name, for registration, the admin command line and renaming alike.</summary>
public static class DisplayNames
{
    public const int MinLength = 2;
    public const int MaxLength = 50;

    /// <summary>An error message for the reader, or null when <paramref name="name"/> (trimmed) is acceptable.</summary>
    /// <remarks>
    /// Identity normalises user names with <see cref="string.Normalize()"/>, which (with ICU) throws on noncharacters such as
    /// U+FFFE: such a name was a 500 on the account page. Control characters would break the one-line places a
    /// name is shown (headers, CSV exports).
    /// </remarks>
    public static string? Validate(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is < MinLength or > MaxLength)
        {
            return $"A display name needs {MinLength} to {MaxLength} characters.";
        }
        if (!TextRules.IsCleanText(trimmed) || trimmed.Any(char.IsControl) || TextRules.HasNoncharacter(trimmed))
        {
            return "A display name cannot contain control characters, noncharacters (such as U+FFFE) or broken Unicode.";
        }
        if (DeletedReaders.IsReserved(trimmed))
        {
            return $"Display names starting with \"{DeletedReaders.DisplayName}\" are reserved. Choose another.";
        }
        return null;
    }
}
