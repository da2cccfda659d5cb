using System.Security.Cryptography;

namespace TranscriptReader.Core.Accounts;

/// <summary>Random secrets for links (invitations, password resets) and the hash that is stored instead of them.</summary>
public static class Secrets
{
    /// <summary>A new secret of 32 random bytes, URL-safe, after <paramref name="prefix"/>.</summary>
    /// <param name="prefix">Names the kind of secret, so a leaked one is easy to recognise.</param>
    public static string New(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The stored form: SHA-256, lower-case hex (the same as personal access tokens).</summary>
    /// <param name="secret">The secret as the link carries it.</param>
    public static string Hash(string secret) => ApiTokenService.Hash(secret.Trim());
}
