using Serilog;
using TranscriptReader.Web.Api;

namespace TranscriptReader.Web.Setup;

public static class PipelineSetup
{
    public static WebApplication UseTranscriptReader(this WebApplication app)
    {
        app.UseSecurityHeaders();
        // Behind a configured reverse proxy the scheme (for Secure cookies) and client address come from its headers.
        if (ForwardedHeadersSetup.Options(app.Configuration) is { } forwarded)
        {
            app.UseForwardedHeaders(forwarded);
        }

        app.UseSerilogRequestLogging();
        app.UseExceptionHandler("/Error");
        app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api"),
            branch => branch.UseStatusCodePagesWithReExecute("/Status", "?code={0}"));
        app.UseStatusCodePages();
        app.UseStaticFiles(StaticFileCaching.Options);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapRazorPages();
        app.MapApi();
        return app;
    }

    /// <summary>Checks the settings, then migrates and seeds as they say; runs before the app serves (and before admin commands).</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        SettingsSetup.ValidateNow(app.Services);
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DatabasePreparation>().RunAsync();
    }
}
