using Microsoft.AspNetCore.Antiforgery;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Web.Accounts;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Api;

/// <summary>
/// API writes made with the session cookie must carry the antiforgery token (header X-CSRF-TOKEN),
/// since a browser attaches the cookie to cross-site requests too. Token-authenticated calls need
/// none: a bearer token is never sent by a browser on its own.
/// </summary>
public sealed class CookieAntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        var safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
        var viaToken = http.User.HasClaim(TokenAuthenticationHandler.AuthMethodClaim, TokenAuthenticationHandler.SchemeName);
        var viaCookie = http.User.Identity?.IsAuthenticated == true && !viaToken;
        if (!safe && viaCookie && !await antiforgery.IsRequestValidAsync(http))
        {
            return Failure.Invalid("Missing or invalid antiforgery token: send the page's token in the X-CSRF-TOKEN header.").ToProblem();
        }
        return await next(context);
    }
}
