using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Web.Outcomes;

/// <summary>
/// The one mapping from a Core <see cref="Failure"/> to an API answer (RFC 9457 problem details). Pages use
/// <see cref="OutcomePages"/>; nothing else decides a status for a failed action.
/// </summary>
public static class OutcomeHttp
{
    public static int StatusOf(FailureKind kind) => kind switch
    {
        FailureKind.Invalid => StatusCodes.Status400BadRequest,
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Forbidden => StatusCodes.Status403Forbidden,
        FailureKind.Conflict => StatusCodes.Status409Conflict,
        FailureKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        FailureKind.LimitReached => StatusCodes.Status429TooManyRequests,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Every failure kind has a status."),
    };

    public static IResult ToProblem(this Failure failure) =>
        Results.Problem(
            detail: failure.Message,
            statusCode: StatusOf(failure.Kind),
            extensions: failure.Extensions is null ? null : new Dictionary<string, object?>(failure.Extensions));

    /// <summary>A successful outcome through <paramref name="ok"/>, a failure as problem details.</summary>
    public static IResult ToResult<T>(this Outcome<T> outcome, Func<T, IResult> ok) =>
        outcome.TryGet(out var value, out var failure) ? ok(value) : failure.ToProblem();

    public static IResult ToResult(this Outcome outcome, Func<IResult> ok) =>
        outcome.Failure is { } failure ? failure.ToProblem() : ok();
}
