using Serilog;
using Serilog.Formatting.Compact;

namespace TranscriptReader.Web.Setup;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog configured once, from the "Serilog" configuration section; the console sink writes
    /// text or, with Logging:Format = json (<see cref="LoggingSettings"/>), compact JSON lines for log collectors.
    /// </summary>
    public static void AddLogging(WebApplicationBuilder builder)
    {
        // Logging starts before the services exist, so this reads the settings directly; SettingsSetup validates them.
        var json = (builder.Configuration.GetSection(LoggingSettings.Section).Get<LoggingSettings>() ?? new()).Json;
        builder.Services.AddSerilog((services, log) =>
        {
            log.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext();
            if (json)
            {
                log.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                log.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
            }
        });
    }
}
