using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Web.Accounts;
using TranscriptReader.Web.Accounts.Mail;

namespace TranscriptReader.Web.Setup;

/// <summary>
/// Accounts and access: invitations, password resets, mail, login throttling, the instance's access rules
/// (environment overrides from the <c>Instance</c> section) and the per-address limit on anonymous reads.
/// </summary>
public static class AccountsSetup
{
    public const string InstanceSection = "Instance";

    public static void AddAccounts(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(ReadOverrides(configuration));
        services.AddScoped<Invitations>();
        services.AddScoped<PasswordResets>();
        services.AddSingleton<AccessPolicyCache>();
        services.AddSingleton<AccountThrottle>();
        services.AddOptions<AccountLimitSettings>().Bind(configuration.GetSection(AccountLimitSettings.Section));
        services.AddOptions<MailSettings>().Bind(configuration.GetSection(MailSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MailSender>();
        services.AddSingleton<ResetMailQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<ResetMailQueue>());

        services.Configure<OpenApiOptions>("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Description = (document.Info.Description is { Length: > 0 } d ? d + "\n\n" : "")
                + "Authenticate with a personal access token: `Authorization: Bearer trpat_...`. Reads need no token unless the "
                + "instance is set to signed-in readers only (then every endpoint answers 401 without one). Anonymous reads are "
                + "limited per client address and signed-in callers per user: over a limit the answer is 429 with Retry-After.";
            return Task.CompletedTask;
        }));

        // Anonymous GET/HEAD requests, per client address: a crawler or scraper cannot take a node's capacity.
        // Signed-in readers have the per-user limits of RateLimitSetup; static files are served before this.
        var anonymous = configuration.GetSection("RateLimits:anonymous");
        var permits = anonymous.GetValue("PermitLimit", 300);
        var window = TimeSpan.FromSeconds(anonymous.GetValue("WindowSeconds", 60));
        services.Configure<RateLimiterOptions>(o => o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            http.User.FindFirstValue(ClaimTypes.NameIdentifier) is not null
            || !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetFixedWindowLimiter("anon:" + ClientAddress.Key(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = window,
                    QueueLimit = 0,
                })));
    }

    /// <summary><c>Instance:ReadAccess</c> and <c>Instance:Registration</c>; an unknown word stops start-up with the accepted ones.</summary>
    public static AccessOverrides ReadOverrides(IConfiguration configuration)
    {
        var read = configuration[InstanceSection + ":ReadAccess"];
        var registration = configuration[InstanceSection + ":Registration"];
        var parsedRead = string.IsNullOrWhiteSpace(read) ? (ReadAccess?)null : AccessNames.ParseRead(read)
            ?? throw new InvalidOperationException($"{InstanceSection}:ReadAccess must be 'everyone' or 'signed-in' (it is '{read}').");
        var parsedRegistration = string.IsNullOrWhiteSpace(registration) ? (Registration?)null : AccessNames.ParseRegistration(registration)
            ?? throw new InvalidOperationException($"{InstanceSection}:Registration must be 'open', 'invitation' or 'closed' (it is '{registration}').");
        return new AccessOverrides(parsedRead, parsedRegistration);
    }
}
