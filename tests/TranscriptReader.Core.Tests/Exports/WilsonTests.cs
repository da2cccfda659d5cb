using TranscriptReader.Core.Exports;

namespace TranscriptReader.Core.Tests.Exports;

public sealed class WilsonTests
{
    [Theory]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(1, 1, 0.2065, 1.0)]
    [InlineData(0, 1, 0.0, 0.7935)]
    [InlineData(1, 2, 0.0945, 0.9055)]
    [InlineData(3, 7, 0.1582, 0.7495)]
    [InlineData(81, 263, 0.2553, 0.3662)]
    public void Interval_matches_the_wilson_formula_to_four_decimals(int successes, int n, double low, double high)
    {
        var (actualLow, actualHigh) = Wilson.Interval(successes, n);

        Assert.Equal(low, actualLow, 4);
        Assert.Equal(high, actualHigh, 4);
    }

    [Fact]
    public void All_or_nothing_gives_exact_bounds_of_zero_and_one()
    {
        Assert.Equal(0.0, Wilson.Interval(0, 37).Low);
        Assert.Equal(1.0, Wilson.Interval(37, 37).High);
    }

    [Fact]
    public void No_observations_give_an_empty_interval_at_zero()
    {
        Assert.Equal((0.0, 0.0), Wilson.Interval(0, 0));
    }

    [Fact]
    public void Larger_z_widens_the_interval()
    {
        var (low95, high95) = Wilson.Interval(5, 10);
        var (low99, high99) = Wilson.Interval(5, 10, 2.5758293035489);

        Assert.True(low99 < low95 && high99 > high95);
    }

    [Theory]
    [InlineData(-1, 5)]
    [InlineData(6, 5)]
    [InlineData(0, -1)]
    public void Impossible_counts_are_rejected(int successes, int n)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Wilson.Interval(successes, n));
    }

    [Fact]
    public void Bounds_stay_within_zero_and_one_and_contain_the_observed_rate()
    {
        for (var n = 1; n <= 60; n++)
        {
            for (var s = 0; s <= n; s++)
            {
                var (low, high) = Wilson.Interval(s, n);
                Assert.InRange(low, 0.0, 1.0);
                Assert.InRange(high, 0.0, 1.0);
                Assert.InRange((double)s / n, low, high);
            }
        }
    }
}
