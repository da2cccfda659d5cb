namespace TranscriptReader.Core.Auditing;

/// <summary>Who may read transcripts, labels, threads and exports.</summary>
public enum ReadAccess
{
    Everyone,
    SignedIn,
}

/// <summary>Who may create an account. The first account of an empty instance (which becomes admin) needs no invitation.</summary>
public enum Registration
{
    Invitation,
    Open,
    Closed,
}

/// <summary>The instance's access rules now, and which of them the environment fixes (the admin page cannot change those).</summary>
public sealed record AccessPolicy(ReadAccess Read, Registration Registration, bool ReadLocked = false, bool RegistrationLocked = false)
{
    /// <summary>A new instance: everyone reads, accounts by invitation.</summary>
    public static AccessPolicy Default { get; } = new(ReadAccess.Everyone, Registration.Invitation);
}

/// <summary>Access rules set by the environment (<c>Instance__ReadAccess</c>, <c>Instance__Registration</c>); they win over the stored ones.</summary>
public sealed record AccessOverrides(ReadAccess? Read = null, Registration? Registration = null);

/// <summary>The words settings, forms and the environment use for the access rules.</summary>
public static class AccessNames
{
    public static string Of(ReadAccess read) => read == ReadAccess.SignedIn ? "signed-in" : "everyone";

    public static string Of(Registration registration) => registration switch
    {
        Registration.Open => "open",
        Registration.Closed => "closed",
        _ => "invitation",
    };

    public static ReadAccess? ParseRead(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "everyone" => ReadAccess.Everyone,
        "signed-in" or "signedin" => ReadAccess.SignedIn,
        _ => null,
    };

    public static Registration? ParseRegistration(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "open" => Registration.Open,
        "invitation" => Registration.Invitation,
        "closed" => Registration.Closed,
        _ => null,
    };
}
