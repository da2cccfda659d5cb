using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace TranscriptReader.Web.Live;

/// <summary>
/// Disconnects a connection that calls the hub faster than a page ever does: a token bucket per connection
/// (<see cref="LiveSettings.MessageBurst"/> at once, refilled at <see cref="LiveSettings.MessagesPerSecond"/>).
/// </summary>
public sealed class HubFloodFilter(IOptions<LiveSettings> settings, TimeProvider clock, ILogger<HubFloodFilter> logger) : IHubFilter
{
    private sealed class Bucket(double tokens, long at)
    {
        public double Tokens { get; set; } = tokens;
        public long At { get; set; } = at;
    }

    private static readonly object Key = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocationContext.Context;
        if (!Take(context))
        {
            logger.LogWarning("Live connection of {UserId} disconnected: too many hub calls", context.UserIdentifier ?? "(anonymous)");
            context.Abort();
            throw new HubException("Too many messages: disconnected.");
        }
        return await next(invocationContext);
    }

    private bool Take(HubCallerContext context)
    {
        var limits = settings.Value;
        var now = clock.GetTimestamp();
        // One invocation at a time per connection (MaximumParallelInvocationsPerClient = 1), so no lock.
        if (!context.Items.TryGetValue(Key, out var found) || found is not Bucket bucket)
        {
            bucket = new Bucket(limits.MessageBurst, now);
            context.Items[Key] = bucket;
        }
        var refill = clock.GetElapsedTime(bucket.At, now).TotalSeconds * limits.MessagesPerSecond;
        bucket.Tokens = Math.Min(limits.MessageBurst, bucket.Tokens + refill);
        bucket.At = now;
        if (bucket.Tokens < 1)
        {
            return false;
        }
        bucket.Tokens -= 1;
        return true;
    }
}
