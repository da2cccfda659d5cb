using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Serilog;
using TranscriptReader.Web.Api;
using TranscriptReader.Web.Live;
using TranscriptReader.Web.Text;

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
        // One status-code handler per kind of client: pages get the HTML status page, the API problem details. A
        // problem-details handler after the page one used to answer first, so a missing page came back as JSON.
        app.UseWhen(ctx => !IsApi(ctx), branch => branch.UseStatusCodePagesWithReExecute("/Status", "?code={0}"));
        app.UseWhen(IsApi, branch => branch.UseStatusCodePages(ApiStatusCodePage));
        app.UseStaticFiles(StaticFileCaching.Options);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseMiddleware<TextGuard>();

        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapRazorPages();
        app.MapApi();
        LiveSetup.MapLive(app);
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    /// <summary>Problem details whatever the Accept header asks for: the API answers JSON, also to a browser.</summary>
    private static Task ApiStatusCodePage(StatusCodeContext context) =>
        ApiProblems.Write(context.HttpContext, context.HttpContext.Response.StatusCode,
            context.HttpContext.Response.StatusCode == StatusCodes.Status404NotFound
                ? $"There is nothing at {context.HttpContext.Request.Path}: see /openapi/v1.json for the API's routes."
                : ReasonPhrases.GetReasonPhrase(context.HttpContext.Response.StatusCode));

    /// <summary>Checks the settings, then migrates and seeds as they say; runs before the app serves (and before admin commands).</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        SettingsSetup.ValidateNow(app.Services);
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DatabasePreparation>().RunAsync();
    }
}
