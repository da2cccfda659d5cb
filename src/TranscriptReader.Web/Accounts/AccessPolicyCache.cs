using TranscriptReader.Core.Auditing;

namespace TranscriptReader.Web.Accounts;

/// <summary>
/// The instance's access rules, read from the database at most every <see cref="Lifetime"/> per node: every
/// request needs them and they rarely change. A change on this node's admin page applies at once here; other
/// nodes follow within the lifetime.
/// </summary>
public sealed class AccessPolicyCache(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private volatile Entry? entry;

    private sealed record Entry(AccessPolicy Policy, DateTimeOffset ReadAt);

    public async ValueTask<AccessPolicy> GetAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (entry is { } e && now - e.ReadAt < Lifetime)
        {
            return e.Policy;
        }
        using var scope = scopes.CreateScope();
        var policy = await scope.ServiceProvider.GetRequiredService<InstanceSettings>().GetAccessAsync(ct);
        entry = new Entry(policy, now);
        return policy;
    }

    /// <summary>Forgets the cached rules, so the next request reads them again.</summary>
    public void Invalidate() => entry = null;
}
