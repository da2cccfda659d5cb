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
    /// Writes problem details as JSON whatever the request's Accept header says (the problem-details service alone
    /// refuses a client that asks for text/html only, and throws).
    /// </summary>
    public static Task Write(HttpContext context, int status, string detail) => Result(status, detail).ExecuteAsync(context);

    public static IResult Result(int status, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, extensions: extensions);

    // The discussion and label-merge endpoints still name their statuses; these keep them on the one mapping.
    public static IResult BadRequest(string detail) => Failure.Invalid(detail).ToProblem();
    public static IResult NotFound(string detail) => Failure.NotFound(detail).ToProblem();
    public static IResult Forbidden(string detail) => Failure.Forbidden(detail).ToProblem();
}
