using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Web.Api;

namespace TranscriptReader.Web.Accounts;

/// <summary>Authenticates <c>Authorization: Bearer &lt;personal access token&gt;</c>; the principal is built from the account on every request, so role changes apply at once.</summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    UserManager<AppUser> users,
    IUserClaimsPrincipalFactory<AppUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "token";
    /// <summary>Marks principals that came from a token, so cookie-only rules (antiforgery) can tell.</summary>
    public const string AuthMethodClaim = "tr:auth";

    public static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!HasBearerToken(Request))
        {
            return AuthenticateResult.NoResult();
        }
        var secret = Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var userId = await tokens.ResolveUserIdAsync(secret, Context.RequestAborted);
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        // Lockout is about sign-in with a password and never disables a token (it used to, so five wrong
        // passwords typed by anyone cut a reader's scripts off). Deleted accounts have no tokens left.
        if (user is null)
        {
            return AuthenticateResult.Fail("Invalid, revoked or expired token.");
        }
        var principal = await principals.CreateAsync(user);
        ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(new(AuthMethodClaim, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, "The personal access token is missing, invalid or revoked.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Write(Context, StatusCodes.Status403Forbidden, "You do not have permission for this.");
}
