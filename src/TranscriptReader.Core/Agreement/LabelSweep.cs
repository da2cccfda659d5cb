namespace TranscriptReader.Core.Agreement;

/// <summary>A run of split tokens found by <see cref="LabelSweep"/>, in one block, token indices block-local.</summary>
public sealed record SplitRun(long TranscriptId, long BlockId, int FirstToken, int LastToken, int TaggedBy, int Readers, double Disagreement);

/// <summary>
/// One label in one transcript: each done reader's covered tokens (the union over the label's family), swept
/// left to right in segments of constant "k of m readers tagged this token".
/// </summary>
public static class LabelSweep
{
    /// <summary>The done readers' covered tokens for the applied labels that resolve to one label; null for readers without any.</summary>
    public static int[]?[] PerReader(TranscriptCoding coding, Func<int, bool> inFamily)
    {
        var parts = new List<int[]>?[coding.Readers.Length];
        foreach (var c in coding.Coverages)
        {
            if (inFamily(c.LabelId))
            {
                (parts[c.Reader] ??= []).Add(c.Intervals);
            }
        }
        return parts.Select(p => p is null ? null : Intervals.Union(p)).ToArray();
    }

    /// <summary>What this transcript adds to the pooled sums: every token is a unit coded by all m done readers.</summary>
    public static BinaryTotals Totals(TranscriptCoding coding, int[]?[] perReader)
    {
        var m = coding.Readers.Length;
        long kTimesRest = 0, ones = 0;
        Sweep(perReader, (start, end, k, _) =>
        {
            kTimesRest += (long)(end - start) * k * (m - k);
            ones += (long)(end - start) * k;
        });
        return new BinaryTotals(m < 2 ? 0 : (double)kTimesRest / (m - 1), ones, (long)coding.Tokens * m);
    }

    /// <summary>Per pair of done readers (a &lt; b by index): tokens on which exactly one of them tagged the label.</summary>
    public static IEnumerable<(int A, int B, long Disagreeing)> PairDisagreements(int[]?[] perReader)
    {
        for (var a = 0; a < perReader.Length; a++)
        {
            for (var b = a + 1; b < perReader.Length; b++)
            {
                var x = perReader[a] ?? [];
                var y = perReader[b] ?? [];
                yield return (a, b, Intervals.Length(x) + Intervals.Length(y) - 2 * Intervals.Overlap(x, y));
            }
        }
    }

    /// <summary>Maximal runs, within one block, of tokens that some but not all done readers tagged.</summary>
    public static List<SplitRun> Splits(TranscriptCoding coding, int[]?[] perReader)
    {
        var m = coding.Readers.Length;
        var runs = new List<SplitRun>();
        if (m < 2)
        {
            return runs;
        }
        var seen = new int[m];
        var runId = 0;
        int runBlock = -1, runStart = 0, runEnd = -1, taggedBy = 0;
        var score = 0.0;
        void Flush()
        {
            if (runBlock >= 0)
            {
                var offset = coding.BlockStarts[runBlock];
                runs.Add(new SplitRun(coding.TranscriptId, coding.BlockIds[runBlock], runStart - offset, runEnd - offset, taggedBy, m, score));
            }
            runBlock = -1;
        }
        Sweep(perReader, (start, end, k, active) =>
        {
            if (k == m)
            {
                return;
            }
            // A reader's merged interval may run from one block into the next: split at block boundaries.
            while (start < end)
            {
                var block = coding.BlockOf(start);
                var stop = Math.Min(end, coding.BlockStarts[block + 1]);
                if (block != runBlock || start != runEnd)
                {
                    Flush();
                    runBlock = block;
                    runStart = start;
                    runId++;
                    taggedBy = 0;
                    score = 0;
                }
                runEnd = stop;
                score += (double)(stop - start) * k * (m - k) / (m - 1);
                for (var r = 0; r < m; r++)
                {
                    if (active[r] && seen[r] != runId)
                    {
                        seen[r] = runId;
                        taggedBy++;
                    }
                }
                start = stop;
            }
        });
        Flush();
        return runs;
    }

    /// <summary>Calls <paramref name="segment"/> for each maximal segment [start, end) where k ≥ 1 readers' intervals overlap.</summary>
    private static void Sweep(int[]?[] perReader, Action<int, int, int, bool[]> segment)
    {
        var events = new List<(int Position, int Reader, bool Opens)>();
        for (var r = 0; r < perReader.Length; r++)
        {
            var intervals = perReader[r] ?? [];
            for (var i = 0; i < intervals.Length; i += 2)
            {
                events.Add((intervals[i], r, true));
                events.Add((intervals[i + 1], r, false));
            }
        }
        events.Sort((x, y) => x.Position.CompareTo(y.Position));
        var active = new bool[perReader.Length];
        var k = 0;
        var previous = 0;
        var e = 0;
        while (e < events.Count)
        {
            var position = events[e].Position;
            if (k > 0 && position > previous)
            {
                segment(previous, position, k, active);
            }
            for (; e < events.Count && events[e].Position == position; e++)
            {
                active[events[e].Reader] = events[e].Opens;
                k += events[e].Opens ? 1 : -1;
            }
            previous = position;
        }
    }
}
