using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace TranscriptReader.Web.Accounts;

/// <summary>Limits for account forms (section <c>AccountLimits</c>).</summary>
public sealed class AccountLimitSettings
{
    public const string Section = "AccountLimits";

    /// <summary>Registrations per client address per hour (all at once, then one every 60/N minutes).</summary>
    public int RegistrationsPerHour { get; set; } = 10;
}

/// <summary>Whether an attempt may go ahead and, if not, how long until it may.</summary>
public readonly record struct ThrottleVerdict(bool Allowed, TimeSpan RetryAfter)
{
    public static ThrottleVerdict Allow { get; } = new(true, TimeSpan.Zero);

    /// <summary>"3 minutes", "40 seconds": for the message next to the form.</summary>
    public string RetryText => RetryAfter.TotalSeconds < 90
        ? $"{Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds))} seconds"
        : $"{(int)Math.Ceiling(RetryAfter.TotalMinutes)} minutes";
}

/// <summary>
/// Throttles sign-in, registration and reset-mail requests with the built-in token-bucket rate limiters, in
/// this node's memory. Every sign-in attempt spends a token from three buckets:
/// the client address (20 at once, then one per 15 s; and 60, then one per 2 min), the account from that
/// address (5, then one a minute; and 15, then one per 15 min) and the account from anywhere (50, then one per
/// 2 min). So a stranger guessing one reader's password from one place is slowed down after five tries, with
/// growing waits, while the reader, from their own address, is not — a login lockout in the old sense does not
/// exist, and personal access tokens never depend on any of this. Only guessing from dozens of addresses at
/// once reaches the account-wide bucket, which then slows everyone down for that account, to about 30 tries
/// an hour. Unknown emails are throttled exactly like known ones, so a 429 tells nothing about who has an
/// account.
/// </summary>
public sealed class AccountThrottle(IOptions<AccountLimitSettings> settings, TimeProvider clock) : IDisposable
{
    private sealed record Tier(int Burst, TimeSpan Refill);

    private static readonly Tier[] AddressTiers = [new(20, TimeSpan.FromSeconds(15)), new(60, TimeSpan.FromMinutes(2))];
    private static readonly Tier[] AccountFromAddressTiers = [new(5, TimeSpan.FromMinutes(1)), new(15, TimeSpan.FromMinutes(15))];
    private static readonly Tier[] AccountTiers = [new(50, TimeSpan.FromMinutes(2))];
    private static readonly Tier[] ResetMailAddressTiers = [new(5, TimeSpan.FromMinutes(10))];
    private static readonly Tier[] ResetMailAccountTiers = [new(3, TimeSpan.FromMinutes(20))];

    private Limiters current = new(settings.Value);
    /// <summary>An admin's unlock starts the account's buckets afresh: a new generation is a new partition key.</summary>
    private readonly ConcurrentDictionary<string, int> generations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> lastRefused = new(StringComparer.Ordinal);

    /// <summary>Spends one sign-in attempt for this address and account (the normalised email, known or not).</summary>
    public ThrottleVerdict Login(string addressKey, string normalizedEmail)
    {
        var limiters = current;
        var account = AccountKey(normalizedEmail);
        var verdict = Acquire(limiters.LoginAddress, addressKey);
        if (verdict.Allowed)
        {
            verdict = Acquire(limiters.LoginAccountFromAddress, account + "|" + addressKey);
        }
        if (verdict.Allowed)
        {
            verdict = Acquire(limiters.LoginAccount, account);
        }
        if (!verdict.Allowed)
        {
            lastRefused[normalizedEmail] = clock.GetUtcNow();
        }
        return verdict;
    }

    public ThrottleVerdict Registration(string addressKey) => Acquire(current.Registration, addressKey);

    public ThrottleVerdict ResetMail(string addressKey, string normalizedEmail)
    {
        var verdict = Acquire(current.ResetMailAddress, addressKey);
        return verdict.Allowed ? Acquire(current.ResetMailAccount, normalizedEmail) : verdict;
    }

    /// <summary>True when this node refused a sign-in for the account in the last 15 minutes (shown to admins).</summary>
    public bool WasThrottled(string normalizedEmail) =>
        lastRefused.TryGetValue(normalizedEmail, out var at) && clock.GetUtcNow() - at < TimeSpan.FromMinutes(15);

    /// <summary>Gives the account fresh sign-in buckets on this node (an admin's unlock, a password reset).</summary>
    public void Unlock(string normalizedEmail)
    {
        generations.AddOrUpdate(normalizedEmail, 1, (_, g) => g + 1);
        lastRefused.TryRemove(normalizedEmail, out _);
    }

    /// <summary>Forgets every bucket (tests start each case from nothing).</summary>
    public void ResetAll()
    {
        var old = Interlocked.Exchange(ref current, new Limiters(settings.Value));
        old.Dispose();
        generations.Clear();
        lastRefused.Clear();
    }

    public void Dispose() => current.Dispose();

    private string AccountKey(string normalizedEmail) =>
        normalizedEmail + "#" + generations.GetValueOrDefault(normalizedEmail).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ThrottleVerdict Acquire(PartitionedRateLimiter<string>[] tiers, string key)
    {
        foreach (var tier in tiers)
        {
            using var lease = tier.AttemptAcquire(key);
            if (!lease.IsAcquired)
            {
                var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                return new ThrottleVerdict(false, retry);
            }
        }
        return ThrottleVerdict.Allow;
    }

    private sealed class Limiters(AccountLimitSettings settings) : IDisposable
    {
        public PartitionedRateLimiter<string>[] LoginAddress { get; } = Build(AddressTiers);
        public PartitionedRateLimiter<string>[] LoginAccountFromAddress { get; } = Build(AccountFromAddressTiers);
        public PartitionedRateLimiter<string>[] LoginAccount { get; } = Build(AccountTiers);
        public PartitionedRateLimiter<string>[] Registration { get; } =
            Build([new(Math.Max(1, settings.RegistrationsPerHour), TimeSpan.FromHours(1) / Math.Max(1, settings.RegistrationsPerHour))]);
        public PartitionedRateLimiter<string>[] ResetMailAddress { get; } = Build(ResetMailAddressTiers);
        public PartitionedRateLimiter<string>[] ResetMailAccount { get; } = Build(ResetMailAccountTiers);

        public void Dispose()
        {
            foreach (var limiter in new[] { LoginAddress, LoginAccountFromAddress, LoginAccount, Registration, ResetMailAddress, ResetMailAccount }.SelectMany(t => t))
            {
                limiter.Dispose();
            }
        }

        private static PartitionedRateLimiter<string>[] Build(Tier[] tiers) =>
            tiers.Select(t => PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key,
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = t.Burst,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = t.Refill,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }))).ToArray();
    }
}
