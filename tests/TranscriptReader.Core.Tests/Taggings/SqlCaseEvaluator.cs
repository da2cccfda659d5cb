using System.Globalization;
using System.Text.RegularExpressions;

namespace TranscriptReader.Core.Tests.Taggings;

/// <summary>
/// Evaluates the small SQL subset <c>TaggingStatus.SqlCase</c> emits, for integer literal arguments,
/// so its logic can be table-tested without a database (StatusSqlOnPostgresTests runs it for real).
/// </summary>
internal static partial class SqlCaseEvaluator
{
    public static string Evaluate(string sql)
    {
        var match = CaseExpression().Match(sql);
        Assert.True(match.Success, $"Unexpected SQL shape: {sql}");
        foreach (Capture branch in match.Groups["branch"].Captures)
        {
            var when = WhenBranch().Match(branch.Value);
            Assert.True(when.Success, $"Unexpected WHEN branch: {branch.Value}");
            var conditions = when.Groups["cond"].Value.Split(" AND ");
            if (conditions.All(IsTrue))
            {
                return when.Groups["result"].Value;
            }
        }
        return match.Groups["else"].Value;
    }

    private static bool IsTrue(string condition)
    {
        var m = Comparison().Match(condition);
        Assert.True(m.Success, $"Unexpected condition: {condition}");
        var left = int.Parse(m.Groups["l"].Value, CultureInfo.InvariantCulture);
        var right = int.Parse(m.Groups["r"].Value, CultureInfo.InvariantCulture);
        return m.Groups["op"].Value switch
        {
            ">=" => left >= right,
            ">" => left > right,
            "<=" => left <= right,
            "<" => left < right,
            "=" => left == right,
            _ => throw new InvalidOperationException(condition),
        };
    }

    [GeneratedRegex(@"^CASE (?<branch>WHEN .+? THEN '[a-z]+' )+ELSE '(?<else>[a-z]+)' END$")]
    private static partial Regex CaseExpression();

    [GeneratedRegex(@"^WHEN (?<cond>.+) THEN '(?<result>[a-z]+)' $")]
    private static partial Regex WhenBranch();

    [GeneratedRegex(@"^\(?(?<l>\d+)\)? (?<op>>=|<=|>|<|=) \(?(?<r>\d+)\)?$")]
    private static partial Regex Comparison();
}
