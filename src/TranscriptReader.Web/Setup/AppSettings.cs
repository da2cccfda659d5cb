using System.ComponentModel.DataAnnotations;

namespace TranscriptReader.Web.Setup;

/// <summary>Start-up work on the database (section <c>Database</c>): see <see cref="DatabasePreparation"/>.</summary>
public sealed class DatabaseSettings
{
    public const string Section = "Database";

    /// <summary>Apply pending migrations at start-up.</summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>Seed demo labels and transcripts into an empty database.</summary>
    public bool SeedDemoData { get; set; }
}

/// <summary>How log lines are written (the <c>Format</c> key of the <c>Logging</c> section; levels are Serilog's).</summary>
public sealed class LoggingSettings : IValidatableObject
{
    public const string Section = "Logging";

    /// <summary><c>text</c> (readable lines) or <c>json</c> (compact JSON lines for a log collector).</summary>
    public string Format { get; set; } = "text";

    public bool Json => string.Equals(Format, "json", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Json && !string.Equals(Format, "text", StringComparison.OrdinalIgnoreCase))
        {
            yield return new($"Logging:Format must be text or json (it is '{Format}').");
        }
    }
}

public static class SettingsSetup
{
    /// <summary>
    /// Every settings class bound from its section and validated when the app starts (<c>ValidateOnStart</c>,
    /// and <see cref="ValidateNow"/> before the database is touched), so a bad value stops start-up with a
    /// message naming the setting instead of failing the first request that needs it.
    /// </summary>
    public static void AddSettings(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseSettings>().Bind(configuration.GetSection(DatabaseSettings.Section)).ValidateOnStart();
        services.AddOptions<LoggingSettings>().Bind(configuration.GetSection(LoggingSettings.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitSettings>().Bind(configuration.GetSection(RateLimitSettings.Section))
            .ValidateDataAnnotations().ValidateOnStart();
    }

    /// <summary>Runs the start-up validation at once (the host would only run it when it starts serving).</summary>
    public static void ValidateNow(IServiceProvider services) =>
        services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
}
