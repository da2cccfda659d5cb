using TranscriptReader.Core.Outcomes;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Api;

/// <summary>
/// RFC 9457 problem details for answers that are not the outcome of an action: authentication, rate
/// limits and exceptions, often written on a raw <see cref="HttpContext"/> outside any endpoint. A failed
/// action is a Core <see cref="Failure"/> and maps through <see cref="OutcomeHttp"/>.
/// </summary>
public static class ApiProblems
{
    /// <summary>
    /// Writes the problem whatever the request accepts: the problem details service refuses (throws) when the
    /// Accept header names no JSON type (a streamed import asks for application/x-ndjson), so it is only tried,
    /// and the problem is written as application/problem+json otherwise.
    /// </summary>
    public static Task Write(HttpContext context, int status, string detail) =>
        Results.Problem(detail: detail, statusCode: status).ExecuteAsync(context);

    public static IResult Result(int status, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, extensions: extensions);

    // The discussion and label-merge endpoints still name their statuses; these keep them on the one mapping.
    public static IResult BadRequest(string detail) => Failure.Invalid(detail).ToProblem();
    public static IResult NotFound(string detail) => Failure.NotFound(detail).ToProblem();
    public static IResult Forbidden(string detail) => Failure.Forbidden(detail).ToProblem();
}
