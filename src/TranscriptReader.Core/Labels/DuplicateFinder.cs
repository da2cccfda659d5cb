using System.Numerics;

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

        SuggestByEditDistance(entries, Suggest);
        SuggestByWordContainment(entries, Suggest);

        return reasons
            .OrderBy(r => r.Key.A)
            .ThenBy(r => r.Key.B)
            .Select(r => new DuplicateSuggestion(r.Key.A, r.Key.B, r.Value))
            .ToList();
    }

    /// <summary>
    /// Compares only pairs whose lengths are close enough for the limit (entries sorted by length, so
    /// the inner loop can stop early) and whose letter counts allow it, before the banded distance.
    /// </summary>
    private static void SuggestByEditDistance(Entry[] entries, Action<Entry, Entry, string> suggest)
    {
        var byLength = entries
            .Where(e => e.Loose.Length >= MinEditDistanceLength)
            .OrderBy(e => e.Loose.Length)
            .ToArray();
        var maxLength = byLength.Length == 0 ? 0 : byLength[^1].Loose.Length;
        var previousRow = new int[maxLength + 2];
        var currentRow = new int[maxLength + 2];
        for (var i = 0; i < byLength.Length; i++)
        {
            var x = byLength[i];
            for (var j = i + 1; j < byLength.Length; j++)
            {
                var y = byLength[j];
                var limit = Math.Max(1, y.Loose.Length / 5);
                if (y.Loose.Length - x.Loose.Length > limit)
                {
                    break;
                }
                if (x.Loose == y.Loose
                    || (BitOperations.PopCount(x.CharacterMask ^ y.CharacterMask) + 1) / 2 > limit
                    || (HistogramDistance(x, y) + 1) / 2 > limit)
                {
                    continue;
                }
                var distance = BoundedLevenshtein(x.Loose, y.Loose, limit, previousRow, currentRow);
                if (distance <= limit)
                {
                    suggest(x, y, $"edit distance {distance}");
                }
            }
        }
    }

    /// <summary>
    /// Every edit changes the character histogram by at most two, so half its L1 distance is a lower
    /// bound on the edit distance; the same holds for the set of characters present (CharacterMask),
    /// which is checked first because it costs one instruction. Buckets merge characters, which only
    /// lowers the bound.
    /// </summary>
    private static int HistogramDistance(Entry x, Entry y)
    {
        var sum = 0;
        for (var k = 0; k < Entry.Buckets; k++)
        {
            sum += Math.Abs(x.Histogram[k] - y.Histogram[k]);
        }
        return sum;
    }

    /// <summary>
    /// Finds containment candidates through an index of word keys instead of comparing all pairs:
    /// words that match share their first four characters, or are equal when shorter than four.
    /// Smaller names go first so the reason names the contained one.
    /// </summary>
    private static void SuggestByWordContainment(Entry[] entries, Action<Entry, Entry, string> suggest)
    {
        var index = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var key in entry.Words.Select(WordKey).Distinct(StringComparer.Ordinal))
            {
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = [];
                }
                list.Add(entry);
            }
        }
        var ordered = entries
            .Where(e => e.Words.Length >= 2)
            .OrderBy(e => e.Words.Length)
            .ThenBy(e => e.Loose.Length)
            .ThenBy(e => e.Label.Id);
        foreach (var small in ordered)
        {
            var candidates = small.Words
                .Select(w => index[WordKey(w)])
                .MinBy(list => list.Count)!;
            foreach (var large in candidates)
            {
                if (large != small && large.Words.Length >= small.Words.Length && WordsContained(small, large))
                {
                    suggest(small, large, $"all words of '{small.Label.Name}' appear in '{large.Label.Name}'");
                }
            }
        }
    }

    private static string WordKey(string word) => word.Length < MinEditDistanceLength ? word : word[..MinEditDistanceLength];

    /// <summary>True when <paramref name="small"/> has several words and each matches a word of <paramref name="large"/>.</summary>
    private static bool WordsContained(Entry small, Entry large)
    {
        if (small.Words.Length > large.Words.Length)
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

    private sealed class Entry
    {
        public const int Buckets = 32;

        public Entry(LabelInfo label, string loose)
        {
            Label = label;
            Loose = loose;
            Words = loose.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Histogram = new int[Buckets];
            foreach (var c in loose)
            {
                Histogram[c % Buckets]++;
                CharacterMask |= 1UL << (c % 64);
            }
        }

        public LabelInfo Label { get; }
        public string Loose { get; }
        public string[] Words { get; }
        public int[] Histogram { get; }
        public ulong CharacterMask { get; }
    }
}
