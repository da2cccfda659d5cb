namespace TranscriptReader.Core.Exports;

/// <summary>Wilson score interval for a binomial proportion (agreement rates in exports).</summary>
public static class Wilson
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// The interval for <paramref name="successes"/> out of <paramref name="n"/>, clamped to [0, 1].
    /// With no observations (n = 0) it returns (0, 0) rather than the uninformative (0, 1), so exports
    /// show an empty interval next to a count of zero instead of a misleading full range.
    /// </summary>
    public static (double Low, double High) Interval(int successes, int n, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
        if (n == 0)
        {
            return (0, 0);
        }
        double nn = n;
        var p = successes / nn;
        var z2 = z * z;
        var denominator = 1 + (z2 / nn);
        var center = (p + (z2 / (2 * nn))) / denominator;
        var half = z / denominator * Math.Sqrt((p * (1 - p) / nn) + (z2 / (4 * nn * nn)));
        // At 0 and n the exact bound is 0 or 1; rounding error would otherwise print 1E-17 or 0.9999999999999999.
        var low = successes == 0 ? 0 : Math.Clamp(center - half, 0, 1);
        var high = successes == n ? 1 : Math.Clamp(center + half, 0, 1);
        return (low, high);
    }
}
