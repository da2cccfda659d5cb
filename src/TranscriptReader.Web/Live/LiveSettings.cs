using System.ComponentModel.DataAnnotations;

namespace TranscriptReader.Web.Live;

/// <summary>Live updates (<c>Live:*</c>); see <see cref="LiveSetup"/>.</summary>
public sealed class LiveSettings : IValidatableObject
{
    public const string Section = "Live";

    /// <summary>Open live connections per signed-in reader (or per client address for anonymous readers) on one node.</summary>
    public int MaxConnectionsPerUser { get; set; } = 20;

    /// <summary>Hub calls a connection may make at once; they refill at <see cref="MessagesPerSecond"/>. Past that it is disconnected.</summary>
    public int MessageBurst { get; set; } = 30;

    public double MessagesPerSecond { get; set; } = 2;

    /// <summary>A StackExchange.Redis configuration string: with one, SignalR's own messages go through Redis (optional).</summary>
    public string? Redis { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxConnectionsPerUser < 1)
        {
            yield return new ValidationResult($"{Section}:MaxConnectionsPerUser must be at least 1 (it is {MaxConnectionsPerUser}).");
        }
        if (MessageBurst < 1 || MessagesPerSecond <= 0)
        {
            yield return new ValidationResult($"{Section}:MessageBurst must be at least 1 and {Section}:MessagesPerSecond above 0.");
        }
    }
}
