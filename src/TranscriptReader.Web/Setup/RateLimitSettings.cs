using System.ComponentModel.DataAnnotations;

namespace TranscriptReader.Web.Setup;

/// <summary>One fixed window: at most <see cref="PermitLimit"/> requests per <see cref="WindowSeconds"/> and user.</summary>
public sealed class RateLimitWindow
{
    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; }
}

/// <summary>
/// The per-user limits of <see cref="RateLimitSetup"/>, from <c>RateLimits:&lt;policy&gt;:PermitLimit</c> and
/// <c>…:WindowSeconds</c>; a limit below 1 request or 1 second stops start-up.
/// </summary>
public sealed class RateLimitSettings : IValidatableObject
{
    public const string Section = "RateLimits";

    public RateLimitWindow Comments { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };
    public RateLimitWindow Writes { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };
    public RateLimitWindow Exports { get; set; } = new() { PermitLimit = 20, WindowSeconds = 60 };
    public RateLimitWindow Imports { get; set; } = new() { PermitLimit = 30, WindowSeconds = 60 };

    /// <summary>
    /// Counted in items, not requests (<see cref="TaggingBatchLimiter"/>): 200,000 a minute lets a script apply 100,000
    /// taggings in well under a minute, while single writes keep <see cref="Writes"/>.
    /// </summary>
    public RateLimitWindow BatchTaggings { get; set; } = new() { PermitLimit = 200_000, WindowSeconds = 60 };

    /// <summary>Each policy by its name (<see cref="RateLimitSetup.Comments"/> and so on) with its window.</summary>
    public IEnumerable<(string Policy, RateLimitWindow Window)> Policies =>
    [
        (RateLimitSetup.Comments, Comments),
        (RateLimitSetup.Writes, Writes),
        (RateLimitSetup.Exports, Exports),
        (RateLimitSetup.Imports, Imports),
    ];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (policy, window) in Policies.Append(("batchTaggings", BatchTaggings)))
        {
            if (window.PermitLimit < 1)
            {
                yield return new ValidationResult($"{Section}:{policy}:PermitLimit must be at least 1 (it is {window.PermitLimit}).");
            }
            if (window.WindowSeconds < 1)
            {
                yield return new ValidationResult($"{Section}:{policy}:WindowSeconds must be at least 1 (it is {window.WindowSeconds}).");
            }
        }
    }
}
