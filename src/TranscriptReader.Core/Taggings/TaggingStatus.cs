namespace TranscriptReader.Core.Taggings;

public enum TaggingStatusKind
{
    Proposed,
    Accepted,
    Contested,
}

/// <summary>
/// The one place that turns vote counts into a tagging's status; <see cref="SqlCase"/> states the
/// same rule for queries and exports, and a test checks the two agree on real PostgreSQL.
/// </summary>
/// <remarks>
/// The counts are of other readers' votes: a tagger's own vote on their tagging never counts (the API
/// refuses it, and every count leaves out one stored before), so accepting a tag takes two readers
/// besides the one who applied it.
/// </remarks>
public static class TaggingStatus
{
    /// <summary>Agrees needed (and more agrees than disputes) for a tagging to count as accepted.</summary>
    public const int AcceptMinAgrees = 2;

    /// <summary>Disputes needed (and at least as many as agrees) for a tagging to count as contested.</summary>
    public const int ContestMinDisputes = 1;

    public static TaggingStatusKind Of(int agrees, int disputes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agrees);
        ArgumentOutOfRangeException.ThrowIfNegative(disputes);
        if (agrees >= AcceptMinAgrees && agrees > disputes)
        {
            return TaggingStatusKind.Accepted;
        }
        if (disputes >= ContestMinDisputes && disputes >= agrees)
        {
            return TaggingStatusKind.Contested;
        }
        return TaggingStatusKind.Proposed;
    }

    /// <summary>The lower-case status name used in SQL and exports.</summary>
    public static string SqlName(TaggingStatusKind kind) => kind switch
    {
        TaggingStatusKind.Accepted => "accepted",
        TaggingStatusKind.Contested => "contested",
        _ => "proposed",
    };

    /// <summary>
    /// <see cref="Of"/> as a SQL CASE expression yielding 'proposed', 'accepted' or 'contested'.
    /// The arguments are SQL text pasted in verbatim (column names or subqueries written by us),
    /// never user input.
    /// </summary>
    public static string SqlCase(string agreeExpr, string disputeExpr)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agreeExpr);
        ArgumentException.ThrowIfNullOrWhiteSpace(disputeExpr);
        var a = $"({agreeExpr})";
        var d = $"({disputeExpr})";
        return $"CASE WHEN {a} >= {AcceptMinAgrees} AND {a} > {d} THEN 'accepted' "
            + $"WHEN {d} >= {ContestMinDisputes} AND {d} >= {a} THEN 'contested' "
            + "ELSE 'proposed' END";
    }
}
