using TranscriptReader.Core.Labels;

namespace TranscriptReader.Core.Tests.Labels;

public sealed class DuplicateFinderTests
{
    private static LabelInfo L(int id, string name, params string[] aliases) => new(id, name, aliases);

    private static readonly LabelInfo[] Sample =
    [
        L(1, "goal guarding"),
        L(2, "Goal-guarding"),
        L(3, "goal guard"),
        L(4, "goal_guarding"),
        L(5, "goals guarding"),
        L(6, "doubts about setup"),
        L(7, "situational awareness"),
        L(8, "situational awarness"),
        L(9, "cat"),
        L(10, "car"),
    ];

    private static Dictionary<(int, int), string> FindAsMap(params LabelInfo[] labels) =>
        DuplicateFinder.Find(labels).ToDictionary(s => (s.LabelIdA, s.LabelIdB), s => s.Reason);

    [Fact]
    public void Spelling_variants_of_one_name_are_paired_by_their_loose_form()
    {
        var found = FindAsMap(Sample);

        foreach (var pair in new[] { (1, 2), (1, 4), (1, 5), (2, 4), (2, 5), (4, 5) })
        {
            Assert.Equal("same words ignoring case/hyphens/plural", found[pair]);
        }
    }

    [Fact]
    public void A_one_letter_typo_is_paired_by_edit_distance()
    {
        Assert.Equal("edit distance 1", FindAsMap(Sample)[(7, 8)]);
    }

    [Fact]
    public void A_shortened_word_is_paired_by_word_containment()
    {
        var found = FindAsMap(Sample);

        Assert.Equal("all words of 'goal guard' appear in 'goal guarding'", found[(1, 3)]);
        Assert.Contains((3, 5), found.Keys);
    }

    [Fact]
    public void Short_names_and_unrelated_names_are_not_paired()
    {
        var found = FindAsMap(Sample);

        Assert.DoesNotContain((9, 10), found.Keys);
        Assert.DoesNotContain(found.Keys, k => k.Item1 == 6 || k.Item2 == 6);
    }

    [Fact]
    public void Every_pair_is_reported_once_with_the_lower_id_first_in_order()
    {
        var suggestions = DuplicateFinder.Find(Sample.Reverse().ToArray());

        Assert.All(suggestions, s => Assert.True(s.LabelIdA < s.LabelIdB));
        Assert.Equal(suggestions.Count, suggestions.Select(s => (s.LabelIdA, s.LabelIdB)).Distinct().Count());
        Assert.Equal(
            suggestions.OrderBy(s => s.LabelIdA).ThenBy(s => s.LabelIdB).ToList(),
            suggestions);
    }

    [Fact]
    public void A_name_equal_to_another_labels_alias_is_paired()
    {
        var found = FindAsMap(
            L(3, "Preference-Preservation"),
            L(8, "goal guarding", "preference preservation", "GG"));

        Assert.Equal("'Preference-Preservation' matches alias 'preference preservation' of 'goal guarding'", found[(3, 8)]);
    }

    [Fact]
    public void A_label_is_not_paired_with_itself_through_its_own_alias()
    {
        Assert.Empty(DuplicateFinder.Find([L(1, "goal guarding", "Goal-Guarding")]));
    }

    [Theory]
    [InlineData("sandbagging", "sandbaging", true)]
    [InlineData("deception", "deceptoin", false)]
    [InlineData("reward hacking", "reward hackers", false)]
    [InlineData("alignment faking", "alignment faklng", true)]
    public void Edit_distance_limit_is_twenty_percent_of_the_longer_name(string a, string b, bool paired)
    {
        Assert.Equal(paired, DuplicateFinder.Find([L(1, a), L(2, b)]).Count == 1);
    }

    [Fact]
    public void Word_containment_needs_several_words_in_the_smaller_name()
    {
        Assert.Empty(DuplicateFinder.Find([L(1, "deception"), L(2, "strategic deception towards evaluators")]));
        Assert.Single(DuplicateFinder.Find([L(1, "strategic deception"), L(2, "strategic deception towards evaluators")]));
    }

    [Theory]
    [InlineData("kitten", "sitting", 1, 2)]
    [InlineData("kitten", "sitting", 3, 3)]
    [InlineData("kitten", "sitting", 5, 3)]
    [InlineData("abcdef", "abcdef", 1, 0)]
    [InlineData("abcdef", "abcdefgh", 1, 2)]
    [InlineData("flaw", "lawn", 2, 2)]
    public void Bounded_levenshtein_returns_the_distance_or_limit_plus_one(string s, string t, int limit, int expected)
    {
        var buffers = (new int[20], new int[20]);

        Assert.Equal(expected, DuplicateFinder.BoundedLevenshtein(s, t, limit, buffers.Item1, buffers.Item2));
    }

    [Fact]
    public void Bounded_levenshtein_agrees_with_the_full_algorithm_on_random_words()
    {
        var random = new Random(42);
        var buffers = (new int[40], new int[40]);
        for (var round = 0; round < 2000; round++)
        {
            var s = RandomWord(random);
            var t = random.Next(3) == 0 ? Mutate(random, s) : RandomWord(random);
            var limit = random.Next(1, 6);
            var full = FullLevenshtein(s, t);

            Assert.Equal(Math.Min(full, limit + 1), DuplicateFinder.BoundedLevenshtein(s, t, limit, buffers.Item1, buffers.Item2));
        }
    }

    /// <summary>A small alphabet makes near-misses common, which the distance tests want.</summary>
    private static string RandomWord(Random random, int alphabet = 6) =>
        new(Enumerable.Range(0, random.Next(3, 12)).Select(_ => (char)('a' + random.Next(alphabet))).ToArray());

    private static string Mutate(Random random, string s)
    {
        var chars = s.ToList();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var at = random.Next(chars.Count + 1);
            switch (random.Next(3))
            {
                case 0:
                    chars.Insert(at, 'z');
                    break;
                case 1 when chars.Count > 0:
                    chars.RemoveAt(Math.Min(at, chars.Count - 1));
                    break;
                default:
                    if (chars.Count > 0)
                    {
                        chars[Math.Min(at, chars.Count - 1)] = 'y';
                    }
                    break;
            }
        }
        return new string(chars.ToArray());
    }

    private static int FullLevenshtein(string s, string t)
    {
        var d = new int[s.Length + 1, t.Length + 1];
        for (var i = 0; i <= s.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= t.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= s.Length; i++)
        {
            for (var j = 1; j <= t.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (s[i - 1] == t[j - 1] ? 0 : 1));
            }
        }
        return d[s.Length, t.Length];
    }
}
