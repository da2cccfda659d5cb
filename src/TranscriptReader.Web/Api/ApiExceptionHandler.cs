using Microsoft.AspNetCore.Diagnostics;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Web.Api;

/// <summary>
/// Turns failures into honest status codes: malformed requests are 400, an unreachable database is
/// 503 (pages get the same status through the Error page), everything else a logged 500.
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // The middleware has already pointed Request.Path at the error page; the feature keeps the original.
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path.Value ?? "";
        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var (status, detail) = Classify(exception);
        if (status >= 500)
        {
            logger.LogError(exception, "API request {Method} {Path} failed with {Status}", context.Request.Method, path, status);
        }
        await ApiProblems.Write(context, status, detail);
        return true;
    }

    public static (int Status, string Detail) Classify(Exception exception) => exception switch
    {
        BadHttpRequestException bad => (bad.StatusCode, bad.Message),
        System.Text.Json.JsonException json => (400, "The request body is not valid JSON: " + json.Message),
        _ when DatabaseOutage.Caused(exception) => (503, "The database is unavailable right now; nothing was changed. Try again shortly."),
        _ => (500, "An unexpected error occurred; it has been logged."),
    };
}
