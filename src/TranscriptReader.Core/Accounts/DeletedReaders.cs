namespace TranscriptReader.Core.Accounts;

/// <summary>
/// A deleted account keeps its row, so its taggings, votes and comments stay, but the row is anonymised: the
/// display name becomes <see cref="DisplayName"/> everywhere names are shown (pages, threads, exports), and
/// email, password, tokens and roles are gone.
/// </summary>
public static class DeletedReaders
{
    public const string DisplayName = "deleted reader";

    /// <summary>
    /// Identity's unique index is on the normalised user name, so every deleted row gets its own normalised
    /// name (this prefix and the user id) while all of them show the same display name.
    /// </summary>
    public const string NormalizedPrefix = "DELETED-READER:";

    /// <summary>Live readers may not take a name that reads as a deleted one.</summary>
    /// <param name="displayName">A name someone asked for.</param>
    public static bool IsReserved(string displayName) =>
        displayName.Trim().StartsWith(DisplayName, StringComparison.OrdinalIgnoreCase);

    public static bool IsDeleted(AppUser user) =>
        user.NormalizedUserName?.StartsWith(NormalizedPrefix, StringComparison.Ordinal) == true;
}
