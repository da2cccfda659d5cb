using TranscriptReader.Core.Taggings;

namespace TranscriptReader.Core.Tests.Taggings;

public sealed class TaggingStatusTests
{
    public static TheoryData<int, int, TaggingStatusKind> Table => new()
    {
        { 0, 0, TaggingStatusKind.Proposed },
        { 1, 0, TaggingStatusKind.Proposed },
        { 2, 0, TaggingStatusKind.Accepted },
        { 5, 0, TaggingStatusKind.Accepted },
        { 2, 1, TaggingStatusKind.Accepted },
        { 3, 2, TaggingStatusKind.Accepted },
        { 2, 2, TaggingStatusKind.Contested },
        { 1, 1, TaggingStatusKind.Contested },
        { 0, 1, TaggingStatusKind.Contested },
        { 1, 3, TaggingStatusKind.Contested },
        { 10, 10, TaggingStatusKind.Contested },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Status_follows_the_vote_thresholds(int agrees, int disputes, TaggingStatusKind expected)
    {
        Assert.Equal(expected, TaggingStatus.Of(agrees, disputes));
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Sql_case_gives_the_same_status_as_the_csharp_rule(int agrees, int disputes, TaggingStatusKind expected)
    {
        var sql = TaggingStatus.SqlCase(agrees.ToString(), disputes.ToString());

        Assert.Equal(TaggingStatus.SqlName(expected), SqlCaseEvaluator.Evaluate(sql));
    }

    [Fact]
    public void Sql_case_wraps_the_expressions_and_uses_the_public_thresholds()
    {
        var sql = TaggingStatus.SqlCase("t.agrees", "t.disputes");

        Assert.Equal(
            "CASE WHEN (t.agrees) >= 2 AND (t.agrees) > (t.disputes) THEN 'accepted' "
            + "WHEN (t.disputes) >= 1 AND (t.disputes) >= (t.agrees) THEN 'contested' ELSE 'proposed' END",
            sql);
        Assert.Equal(2, TaggingStatus.AcceptMinAgrees);
        Assert.Equal(1, TaggingStatus.ContestMinDisputes);
    }

    [Fact]
    public void Negative_counts_are_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TaggingStatus.Of(-1, 0));
    }
}
