namespace TranscriptReader.Core.Outcomes;

/// <summary>Why a user action did not happen. Each front door maps these once to its own answers.</summary>
public enum FailureKind
{
    /// <summary>The request itself is wrong (bad value, quote mismatch, unknown label in a filter): 400.</summary>
    Invalid,
    /// <summary>The thing acted on does not exist (or is not visible to the caller): 404.</summary>
    NotFound,
    /// <summary>It exists, but this caller may not do this to it: 403.</summary>
    Forbidden,
    /// <summary>The request is fine but the current state refuses it (locked thread, unsafe undo): 409.</summary>
    Conflict,
    /// <summary>
    /// The request is well formed and readable, but what it holds cannot be used as asked (a file in which no
    /// field reads as a model response, so no field mapping can be suggested): 422.
    /// </summary>
    Unprocessable,
    /// <summary>The caller used up an allowance that renews with time (the daily import quota): 429.</summary>
    LimitReached,
}

/// <summary>A failed action: what kind of failure, and a sentence for the person who tried it.</summary>
/// <param name="Kind">Decides the status each front door answers with.</param>
/// <param name="Message">Shown to the person as it is: a whole sentence, no ids they did not send.</param>
/// <param name="Extensions">Extra machine-readable members for API problem details (e.g. the ids already stored).</param>
public sealed record Failure(FailureKind Kind, string Message, IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public static Failure Invalid(string message) => new(FailureKind.Invalid, message);
    public static Failure NotFound(string message) => new(FailureKind.NotFound, message);
    public static Failure Forbidden(string message) => new(FailureKind.Forbidden, message);
    public static Failure Conflict(string message) => new(FailureKind.Conflict, message);
    public static Failure Unprocessable(string message) => new(FailureKind.Unprocessable, message);
    public static Failure LimitReached(string message) => new(FailureKind.LimitReached, message);
}

/// <summary>The result of a user action: a value, or a <see cref="Failure"/>. Core services return this; they never throw for a user's mistake.</summary>
public readonly struct Outcome<T>
{
    private readonly T? value;

    private Outcome(T? value, Failure? failure)
    {
        this.value = value;
        Failure = failure;
    }

    public Failure? Failure { get; }

    public bool Ok => Failure is null;

    /// <summary>The value of a successful outcome; reading it from a failure is a programming error.</summary>
    public T Value => Failure is null ? value! : throw new InvalidOperationException("A failed outcome has no value: " + Failure.Message);

    public static Outcome<T> Success(T value) => new(value, null);

    public static Outcome<T> Fail(Failure failure) => new(default, failure);

    public static implicit operator Outcome<T>(T value) => Success(value);

    public static implicit operator Outcome<T>(Failure failure) => Fail(failure);

    /// <summary>The value, or the failure, without reading <see cref="Value"/> by hand.</summary>
    public bool TryGet(out T result, out Failure failure)
    {
        result = value!;
        failure = Failure!;
        return Failure is null;
    }
}

/// <summary>An action that yields nothing but success or a <see cref="Failure"/>.</summary>
public readonly struct Outcome
{
    private Outcome(Failure? failure) => Failure = failure;

    public Failure? Failure { get; }

    public bool Ok => Failure is null;

    public static Outcome Success { get; } = new(null);

    public static Outcome Fail(Failure failure) => new(failure);

    public static implicit operator Outcome(Failure failure) => Fail(failure);
}
