using Microsoft.AspNetCore.Mvc;

namespace TranscriptReader.Web.Api;

/// <summary>RFC 9457 problem details for the JSON API, written the same way everywhere.</summary>
public static class ApiProblems
{
    public static Task Write(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        }).AsTask();
    }

    public static IResult Result(int status, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, extensions: extensions);

    public static IResult BadRequest(string detail) => Result(StatusCodes.Status400BadRequest, detail);
    public static IResult NotFound(string detail) => Result(StatusCodes.Status404NotFound, detail);
    public static IResult Forbidden(string detail) => Result(StatusCodes.Status403Forbidden, detail);
}
