using Microsoft.AspNetCore.Authorization;
using TranscriptReader.Core.Auditing;

namespace TranscriptReader.Web.Accounts;

/// <summary>
/// The fallback authorization policy of every endpoint that states no rule of its own: pages, the JSON API,
/// exports. Anonymous visitors pass while everyone may read; on a signed-in-only instance they are sent to
/// log in (pages) or answered 401 (API). Endpoints that must stay reachable to sign in (login, registration,
/// password reset, error pages, health check) allow anonymous access explicitly. Static files are served
/// before authorization and hold no data (stylesheets and scripts only).
/// </summary>
public sealed class ReadAccessRequirement : IAuthorizationRequirement;

public sealed class ReadAccessHandler(AccessPolicyCache access) : AuthorizationHandler<ReadAccessRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadAccessRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true || (await access.GetAsync()).Read == ReadAccess.Everyone)
        {
            context.Succeed(requirement);
        }
    }
}
