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
        app.UseStaticFiles();
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

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DatabasePreparation>().RunAsync(app.Configuration);
    }
}
