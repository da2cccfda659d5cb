namespace TranscriptReader.Core.Agreement;

/// <summary>
/// A 95 % percentile interval for pooled binary alpha by bootstrap over transcripts: each of
/// <see cref="Resamples"/> resamples draws as many transcripts as there are, with replacement, and pools their
/// precomputed <see cref="BinaryTotals"/>; the interval is the 2.5th and 97.5th percentiles (linear
/// interpolation between order statistics, R's type 7) of the resampled alphas. Resamples where alpha is
/// undefined are left out. The seed is fixed, so the same data always gives the same interval.
/// </summary>
public static class Bootstrap
{
    public const int Resamples = 1000;
    public const int Seed = 16;

    /// <summary>
    /// Intervals for several labels from one set of resamples (the same draws for every label, so labels are
    /// compared on equal terms). <paramref name="values"/>[t] is transcript t's value count (the same for every
    /// label); <paramref name="labels"/>[l] lists the transcripts where label l has non-zero totals, as
    /// (transcript index, totals); transcripts absent from a list add only their values.
    /// </summary>
    public static (double Low, double High)?[] Intervals(long[] values, IReadOnlyList<IReadOnlyList<(int Transcript, BinaryTotals Totals)>> labels)
    {
        var count = values.Length;
        var alphas = labels.Select(_ => new List<double>(Resamples)).ToArray();
        var result = new (double Low, double High)?[labels.Count];
        if (count == 0)
        {
            return result;
        }
        // Flat arrays per label: the inner loop runs resamples × non-zero transcripts times for every label.
        var present = labels.Select(l => l.Select(x => x.Transcript).ToArray()).ToArray();
        var disagreements = labels.Select(l => l.Select(x => x.Totals.Disagreement).ToArray()).ToArray();
        var ones = labels.Select(l => l.Select(x => x.Totals.Ones).ToArray()).ToArray();
        var random = new Random(Seed);
        var weights = new int[count];
        for (var r = 0; r < Resamples; r++)
        {
            Array.Clear(weights);
            long pooledValues = 0;
            for (var i = 0; i < count; i++)
            {
                var t = random.Next(count);
                weights[t]++;
                pooledValues += values[t];
            }
            for (var l = 0; l < labels.Count; l++)
            {
                var (ts, ds, os) = (present[l], disagreements[l], ones[l]);
                var disagreement = 0.0;
                long pooledOnes = 0;
                for (var i = 0; i < ts.Length; i++)
                {
                    var w = weights[ts[i]];
                    disagreement += w * ds[i];
                    pooledOnes += w * os[i];
                }
                if (new BinaryTotals(disagreement, pooledOnes, pooledValues).Alpha() is { } alpha)
                {
                    alphas[l].Add(alpha);
                }
            }
        }
        for (var l = 0; l < labels.Count; l++)
        {
            var sorted = alphas[l];
            if (sorted.Count == 0)
            {
                continue;
            }
            sorted.Sort();
            result[l] = (Percentile(sorted, 0.025), Percentile(sorted, 0.975));
        }
        return result;
    }

    /// <summary>R's type 7 quantile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        var h = (sorted.Count - 1) * p;
        var below = (int)Math.Floor(h);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
