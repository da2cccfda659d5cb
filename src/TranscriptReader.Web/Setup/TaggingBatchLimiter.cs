using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace TranscriptReader.Web.Setup;

/// <summary>
/// The per-user window of <see cref="RateLimitSettings.BatchTaggings"/>, counted in items: a call of n items takes n
/// permits (at least one, so empty calls count too). The request-counting policies of <see cref="RateLimitSetup"/>
/// take one permit per request, which would make one call of 10,000 items cost what one tagging costs.
/// </summary>
public sealed class TaggingBatchLimiter(IOptions<RateLimitSettings> settings) : IDisposable
{
    private readonly RateLimitWindow window = settings.Value.BatchTaggings;

    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(user =>
        RateLimitPartition.GetFixedWindowLimiter(user, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.Value.BatchTaggings.PermitLimit,
            Window = TimeSpan.FromSeconds(settings.Value.BatchTaggings.WindowSeconds),
            QueueLimit = 0,
        }));

    /// <summary>Null when the items fit the caller's window, else the sentence for the 429 and the seconds to wait.</summary>
    public async Task<(string Message, int RetryAfterSeconds)?> RefusalAsync(ClaimsPrincipal user, int items, CancellationToken ct)
    {
        var count = Math.Max(1, items);
        var key = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        if (count > window.PermitLimit)
        {
            return ($"A batch may hold at most {window.PermitLimit.ToString("N0", CultureInfo.InvariantCulture)} items on this instance.", window.WindowSeconds);
        }
        using var lease = await limiter.AcquireAsync(key, count, ct);
        if (lease.IsAcquired)
        {
            return null;
        }
        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : window.WindowSeconds;
        return ($"Too many taggings: at most {window.PermitLimit.ToString("N0", CultureInfo.InvariantCulture)} per {window.WindowSeconds} seconds. Try again in {retry} seconds.", retry);
    }

    public void Dispose() => limiter.Dispose();
}
