using Serilog;
using Serilog.Formatting.Compact;

namespace TranscriptReader.Web.Setup;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog configured once, from the "Serilog" configuration section; the console sink writes
    /// text or, with Logging:Format = json, compact JSON lines for log collectors.
    /// </summary>
    public static void AddLogging(WebApplicationBuilder builder)
    {
        var json = string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase);
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
