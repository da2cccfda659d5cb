namespace TranscriptReader.Core.Accounts;

public static class Roles
{
    public const string Member = "member";
    public const string Moderator = "moderator";
    public const string Admin = "admin";

    /// <summary>Moderation rights come with admin too.</summary>
    public const string ModeratorOrAdmin = Moderator + "," + Admin;

    public static readonly IReadOnlyList<string> All = [Member, Moderator, Admin];
}
