using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TranscriptReader.Web.Api;

namespace TranscriptReader.Web.Setup;

/// <summary>
/// Per-user limits for writes that a single reader could flood (comments, taggings, votes), for
/// expensive reads (exports) and for look-ups typed key by key (reader names). Anonymous callers share one bucket per client address.
/// Limits come from <see cref="RateLimitSettings"/>.
/// </summary>
public static class RateLimitSetup
{
    public const string Comments = "comments";
    public const string Writes = "writes";
    public const string Exports = "exports";
    public const string Imports = "imports";
    public const string Lookups = "lookups";

    /// <summary>HttpContext item holding a rejected page request's wait in seconds, for the status page.</summary>
    public const string RetryAfterItem = "tr.retryAfterSeconds";

    /// <summary>What a reader who hit a limit is told, on pages and in the API.</summary>
    public static string TooManyRequestsMessage(int seconds) =>
        $"Too many requests: you have hit the limit for this action. Try again in {seconds} seconds.";

    public static void AddRateLimits(IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)after.TotalSeconds : 60;
                http.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (http.Request.Path.StartsWithSegments("/api"))
                {
                    await ApiProblems.Write(http, StatusCodes.Status429TooManyRequests, TooManyRequestsMessage(retry));
                }
                else
                {
                    // No body: the status-code page renders the message inside the site layout.
                    http.Items[RetryAfterItem] = retry;
                }
            };
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitSettings>>((o, settings) =>
        {
            foreach (var (name, window) in settings.Value.Policies)
            {
                var limit = window.PermitLimit;
                var seconds = window.WindowSeconds;
                o.AddPolicy(name, http => RateLimitPartition.GetFixedWindowLimiter(
                    PartitionKey(http),
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limit,
                        Window = TimeSpan.FromSeconds(seconds),
                        QueueLimit = 0,
                    }));
            }
        });
    }

    private static string PartitionKey(HttpContext http) =>
        http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
            ? "user:" + userId
            : "ip:" + http.Connection.RemoteIpAddress;
}
