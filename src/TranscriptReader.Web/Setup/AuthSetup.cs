using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Web.Accounts;
using TranscriptReader.Web.Api;

namespace TranscriptReader.Web.Setup;

public static class AuthSetup
{
    /// <summary>Chooses bearer-token or cookie authentication per request.</summary>
    public const string SmartScheme = "cookie-or-token";
    public const string AdminPolicy = "admin";
    public const string ModeratorPolicy = "moderator";

    /// <summary>How often a session cookie is checked against the account (security stamp, roles, name).</summary>
    public static readonly TimeSpan SessionRecheck = TimeSpan.FromSeconds(30);

    public static void AddAuth(IServiceCollection services)
    {
        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                // No lockout after failed sign-ins: it let anyone lock anyone out. AccountThrottle slows guessing
                // per address and account instead. Lockout stays enabled only to keep deleted accounts shut.
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                o.User.AllowedUserNameCharacters = "";
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();

        // Role changes, password changes, "log out everywhere" and deletions move the security stamp; every
        // cookie is re-checked against it (and its roles re-read) this often, so they take effect within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = SessionRecheck);
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "tr.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            // The JSON API answers 401/403 problem details instead of redirecting to HTML pages.
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "tr.af";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "X-CSRF-TOKEN";
        });

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultAuthenticateScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
                o.DefaultForbidScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = ctx =>
                TokenAuthenticationHandler.HasBearerToken(ctx.Request)
                    ? TokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(
                TokenAuthenticationHandler.SchemeName, null);

        services.AddSingleton<IAuthorizationHandler, ReadAccessHandler>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().AddRequirements(new ReadAccessRequirement()).Build())
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin))
            .AddPolicy(ModeratorPolicy, p => p.RequireRole(Roles.Moderator, Roles.Admin));
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        // The live hub's negotiate and transports are not pages either: a redirect to HTML would only confuse its client.
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments(Live.LiveSetup.HubPath))
        {
            return ApiProblems.Write(ctx.HttpContext, status,
                status == 401 ? "Sign in or send a personal access token (Authorization: Bearer ...)." : "You do not have permission for this.");
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
