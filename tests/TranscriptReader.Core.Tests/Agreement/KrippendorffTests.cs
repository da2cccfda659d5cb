using TranscriptReader.Core.Agreement;

namespace TranscriptReader.Core.Tests.Agreement;

public sealed class KrippendorffTests
{
    /// <summary>Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units, missing values.</summary>
    private static readonly int?[][] Published =
    [
        [1, 1, null, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
        [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [null, 5, 5, 5], [null, null, 1, 1], [null, 3, null, null],
    ];

    [Fact]
    public void Nominal_alpha_of_the_published_worked_example_is_0_743()
    {
        var alpha = Krippendorff.Nominal(Published);
        Assert.NotNull(alpha);
        Assert.Equal(0.743, alpha.Value, 3);
        // The coincidence matrix by hand: n = 40, D_o = 8/40, D_e = 1216/(40·39), so α = 1 − 39·8/1216 = 0.74342….
        Assert.Equal(1 - 39 * 8.0 / 1216, alpha.Value, 12);
    }

    [Fact]
    public void Alpha_is_undefined_without_variation_and_with_one_coder()
    {
        Assert.Null(Krippendorff.Nominal([[0, 0], [0, 0], [0, 0]]));
        Assert.Null(Krippendorff.Nominal([[1, null], [0, null], [1, null]]));
        Assert.Null(new BinaryTotals(0, 0, 10).Alpha());
        Assert.Null(new BinaryTotals(0, 10, 10).Alpha());
        Assert.Null(new BinaryTotals(0, 0, 0).Alpha());
    }

    [Fact]
    public void Coders_who_always_agree_have_alpha_1()
    {
        Assert.Equal(1.0, Krippendorff.Nominal([[1, 1, 1], [0, 0, 0], [1, 1, 1], [0, 0, 0]]));
        Assert.Equal(1.0, new BinaryTotals(0, 6, 12).Alpha());
    }

    [Fact]
    public void Binary_totals_give_the_coincidence_matrix_alpha()
    {
        // Two coders on four units: (1,0) (1,1) (0,1) (0,0). By hand: o01 = 2, n1 = n0 = 4, n = 8, α = 1 − 7·2/16.
        int?[][] units = [[1, 0], [1, 1], [0, 1], [0, 0]];
        Assert.Equal(0.125, Krippendorff.Nominal(units)!.Value, 12);
        Assert.Equal(0.125, new BinaryTotals(2, 4, 8).Alpha()!.Value, 12);
        // Three coders: k(m − k)/(m − 1) per unit.
        int?[][] three = [[1, 1, 0], [0, 0, 0], [1, 1, 1], [1, 0, 0], [0, 0, 0]];
        var totals = new BinaryTotals(1 + 0 + 0 + 1, 2 + 0 + 3 + 1 + 0, 15);
        Assert.Equal(Krippendorff.Nominal(three)!.Value, totals.Alpha()!.Value, 12);
    }

    [Fact]
    public void Systematic_disagreement_gives_a_negative_alpha()
    {
        Assert.True(Krippendorff.Nominal([[1, 0], [0, 1], [1, 0], [0, 1]]) < 0);
    }

    [Fact]
    public void Cohen_kappa_by_hand_and_its_edge_cases()
    {
        // 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: p_o = .7, p_e = .5·.6 + .5·.4 = .5, κ = .4.
        Assert.Equal(0.4, CohenKappa.Of(20, 5, 10, 15)!.Value, 12);
        Assert.Equal(1.0, CohenKappa.Of(3, 0, 0, 2));
        Assert.Null(CohenKappa.Of(0, 0, 0, 0));
        Assert.Null(CohenKappa.Of(4, 0, 0, 0));
    }

    [Fact]
    public void Bootstrap_percentiles_are_R_type_7_and_repeatable()
    {
        Assert.Equal(2.5, Bootstrap.Percentile([1, 2, 3, 4], 0.5), 12);
        Assert.Equal(1.075, Bootstrap.Percentile([1, 2, 3, 4], 0.025), 12);
        long[] values = [8, 8, 8, 8, 8];
        IReadOnlyList<(int, BinaryTotals)> label = [(0, new BinaryTotals(2, 4, 8)), (1, new BinaryTotals(0, 4, 8)), (3, new BinaryTotals(1, 2, 8))];
        var first = Bootstrap.Intervals(values, [label])[0];
        var second = Bootstrap.Intervals(values, [label])[0];
        Assert.NotNull(first);
        Assert.Equal(first, second);
        Assert.True(first.Value.Low <= first.Value.High);
        Assert.Null(Bootstrap.Intervals([], [label])[0]);
    }
}
