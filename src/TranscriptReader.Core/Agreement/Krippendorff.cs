namespace TranscriptReader.Core.Agreement;

/// <summary>
/// Krippendorff's alpha for nominal data: α = 1 − D_o / D_e from the coincidence matrix (Krippendorff 2011,
/// "Computing Krippendorff's Alpha-Reliability"). Units with fewer than two values are not pairable and
/// count nowhere; α is undefined (null) when D_e = 0, i.e. all pairable values are the same.
/// </summary>
public static class Krippendorff
{
    /// <summary>
    /// The general form, for checking against published examples: <paramref name="units"/>[u][c] is coder c's
    /// value on unit u, or null when c did not code u.
    /// </summary>
    public static double? Nominal(IReadOnlyList<IReadOnlyList<int?>> units)
    {
        var coincidences = new Dictionary<(int, int), double>();
        foreach (var unit in units)
        {
            var values = unit.Where(v => v.HasValue).Select(v => v!.Value).ToList();
            var m = values.Count;
            if (m < 2)
            {
                continue;
            }
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < m; j++)
                {
                    if (i != j)
                    {
                        var key = (values[i], values[j]);
                        coincidences[key] = coincidences.GetValueOrDefault(key) + 1.0 / (m - 1);
                    }
                }
            }
        }
        var n = coincidences.Values.Sum();
        var marginals = coincidences.GroupBy(kv => kv.Key.Item1).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        var observed = coincidences.Where(kv => kv.Key.Item1 != kv.Key.Item2).Sum(kv => kv.Value);
        var expected = 0.0;
        foreach (var (c, nc) in marginals)
        {
            foreach (var (k, nk) in marginals)
            {
                if (c != k)
                {
                    expected += nc * nk;
                }
            }
        }
        // α = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k, the same as 1 − D_o / D_e.
        return expected == 0 ? null : 1 - (n - 1) * observed / expected;
    }
}

/// <summary>
/// The sums that binary (tagged / not tagged) nominal alpha needs, over any set of units: with every unit
/// coded by m ≥ 2 coders of whom k said 1, a unit adds k(m − k)/(m − 1) to <see cref="Disagreement"/> (the
/// coincidence o₀₁), k to <see cref="Ones"/> (n₁) and m to <see cref="Values"/> (n). Sums of sums are
/// sums, so transcripts' totals add up to the pooled totals and the bootstrap adds resampled transcripts.
/// </summary>
public readonly record struct BinaryTotals(double Disagreement, long Ones, long Values)
{
    public BinaryTotals Add(BinaryTotals other, int times = 1) =>
        new(Disagreement + times * other.Disagreement, Ones + times * other.Ones, Values + times * other.Values);

    /// <summary>α = 1 − (n − 1) o₀₁ / (n₀ n₁); null when n₀ n₁ = 0 (D_e = 0: no variation).</summary>
    public double? Alpha()
    {
        var zeros = Values - Ones;
        if (zeros <= 0 || Ones <= 0)
        {
            return null;
        }
        return 1 - (Values - 1) * Disagreement / ((double)zeros * Ones);
    }
}
