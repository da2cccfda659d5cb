namespace TranscriptReader.Core.Labels;

public sealed record LabelInfo(int Id, string Name, IReadOnlyList<string> Aliases);

/// <summary>A pair of labels that may mean the same thing; LabelIdA &lt; LabelIdB.</summary>
public sealed record DuplicateSuggestion(int LabelIdA, int LabelIdB, string Reason);

/// <summary>Suggests label pairs a moderator may want to merge. Suggestions only: nothing is merged here.</summary>
public static class DuplicateFinder
{
    /// <summary>Shorter loose forms are left out of edit-distance matching ("cat" and "car" are different).</summary>
    public const int MinEditDistanceLength = 4;

    public const string SameLooseFormReason = "same words ignoring case/hyphens/plural";

    /// <summary>
    /// Finds each suspicious pair once, ordered by (A, B), with the first reason that applies in this
    /// order: same loose form; one name equals an alias of the other; small edit distance
    /// (≤ max(1, 20% of the longer loose form)); all words of one multi-word name appear in the
    /// other, where a word also matches a longer word it is a prefix of ("guard" ~ "guarding"),
    /// which catches variants the 20% edit-distance limit misses.
    /// </summary>
    public static IReadOnlyList<DuplicateSuggestion> Find(IReadOnlyList<LabelInfo> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var entries = labels
            .GroupBy(l => l.Id)
            .Select(g => g.First())
            .OrderBy(l => l.Id)
            .Select(l => new Entry(l, LabelNames.Loose(l.Name)))
            .ToArray();
        var reasons = new Dictionary<(int A, int B), string>();

        void Suggest(Entry x, Entry y, string reason)
        {
            var key = x.Label.Id < y.Label.Id ? (x.Label.Id, y.Label.Id) : (y.Label.Id, x.Label.Id);
            reasons.TryAdd(key, reason);
        }

        foreach (var group in entries.Where(e => e.Loose.Length > 0).GroupBy(e => e.Loose, StringComparer.Ordinal))
        {
            var same = group.ToArray();
            for (var i = 0; i < same.Length; i++)
            {
                for (var j = i + 1; j < same.Length; j++)
                {
                    Suggest(same[i], same[j], SameLooseFormReason);
                }
            }
        }

        var aliasOwners = new Dictionary<string, List<(Entry Owner, string Alias)>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var alias in entry.Label.Aliases)
            {
                var loose = LabelNames.Loose(alias);
                if (loose.Length == 0)
                {
                    continue;
                }
                if (!aliasOwners.TryGetValue(loose, out var owners))
                {
                    aliasOwners[loose] = owners = [];
                }
                owners.Add((entry, alias));
            }
        }
        foreach (var entry in entries)
        {
            if (aliasOwners.TryGetValue(entry.Loose, out var owners))
            {
                foreach (var (owner, alias) in owners.Where(o => o.Owner.Label.Id != entry.Label.Id))
                {
                    Suggest(entry, owner, $"'{entry.Label.Name}' matches alias '{alias}' of '{owner.Label.Name}'");
                }
            }
        }

        var maxLength = entries.Length == 0 ? 0 : entries.Max(e => e.Loose.Length);
        var previousRow = new int[maxLength + 2];
        var currentRow = new int[maxLength + 2];
        for (var i = 0; i < entries.Length; i++)
        {
            for (var j = i + 1; j < entries.Length; j++)
            {
                var (x, y) = (entries[i], entries[j]);
                if (reasons.ContainsKey((x.Label.Id, y.Label.Id)))
                {
                    continue;
                }
                if (x.Loose.Length >= MinEditDistanceLength && y.Loose.Length >= MinEditDistanceLength)
                {
                    var limit = Math.Max(1, Math.Max(x.Loose.Length, y.Loose.Length) / 5);
                    var distance = BoundedLevenshtein(x.Loose, y.Loose, limit, previousRow, currentRow);
                    if (distance <= limit)
                    {
                        Suggest(x, y, $"edit distance {distance}");
                        continue;
                    }
                }
                if (WordsContained(x, y))
                {
                    Suggest(x, y, $"all words of '{x.Label.Name}' appear in '{y.Label.Name}'");
                }
                else if (WordsContained(y, x))
                {
                    Suggest(x, y, $"all words of '{y.Label.Name}' appear in '{x.Label.Name}'");
                }
            }
        }

        return reasons
            .OrderBy(r => r.Key.A)
            .ThenBy(r => r.Key.B)
            .Select(r => new DuplicateSuggestion(r.Key.A, r.Key.B, r.Value))
            .ToList();
    }

    /// <summary>True when <paramref name="small"/> has several words and each matches a word of <paramref name="large"/>.</summary>
    private static bool WordsContained(Entry small, Entry large)
    {
        if (small.Words.Length < 2 || small.Words.Length > large.Words.Length)
        {
            return false;
        }
        foreach (var word in small.Words)
        {
            var found = false;
            foreach (var other in large.Words)
            {
                if (WordsMatch(word, other))
                {
                    found = true;
                    break;
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    private static bool WordsMatch(string a, string b)
    {
        if (a == b)
        {
            return true;
        }
        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        return shorter.Length >= MinEditDistanceLength && longer.StartsWith(shorter, StringComparison.Ordinal);
    }

    /// <summary>
    /// Levenshtein distance when it is at most <paramref name="limit"/>, otherwise limit + 1. Only a
    /// band of 2·limit + 1 cells per row is computed and rows stop once every cell exceeds the limit,
    /// which keeps 1,000 labels (half a million pairs) well under a second.
    /// </summary>
    internal static int BoundedLevenshtein(string s, string t, int limit, int[] previous, int[] current)
    {
        var over = limit + 1;
        if (Math.Abs(s.Length - t.Length) > limit)
        {
            return over;
        }
        for (var j = 0; j <= t.Length; j++)
        {
            previous[j] = j <= limit ? j : over;
        }
        for (var i = 1; i <= s.Length; i++)
        {
            var lo = Math.Max(1, i - limit);
            var hi = Math.Min(t.Length, i + limit);
            current[0] = i <= limit ? i : over;
            current[lo - 1] = lo == 1 ? current[0] : over;
            var rowMin = current[lo - 1];
            for (var j = lo; j <= hi; j++)
            {
                var substitute = previous[j - 1] + (s[i - 1] == t[j - 1] ? 0 : 1);
                var value = Math.Min(substitute, Math.Min(previous[j], current[j - 1]) + 1);
                current[j] = Math.Min(value, over);
                rowMin = Math.Min(rowMin, current[j]);
            }
            if (hi < t.Length)
            {
                current[hi + 1] = over;
            }
            if (rowMin > limit)
            {
                return over;
            }
            (previous, current) = (current, previous);
        }
        return previous[t.Length];
    }

    private sealed class Entry(LabelInfo label, string loose)
    {
        public LabelInfo Label { get; } = label;
        public string Loose { get; } = loose;
        public string[] Words { get; } = loose.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
