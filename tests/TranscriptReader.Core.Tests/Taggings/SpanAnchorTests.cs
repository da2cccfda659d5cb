using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Taggings;

namespace TranscriptReader.Core.Tests.Taggings;

public sealed class SpanAnchorTests
{
    [Fact]
    public void Whitespace_at_the_edges_is_trimmed_from_offsets_and_quote()
    {
        var text = "my  goal  here";

        var result = SpanAnchor.Create(text, 2, 10, null);

        Assert.True(result.Ok);
        Assert.Equal((4, 8), (result.Value.Start, result.Value.End));
        Assert.Equal("goal", result.Value.Quote);
        Assert.Equal("my  ", result.Value.Prefix);
        Assert.Equal("  here", result.Value.Suffix);
        Assert.Null(result.Failure);
    }

    [Fact]
    public void Newlines_at_the_edges_are_trimmed_but_kept_inside()
    {
        var text = "first\n\nsecond line\nthird\n";

        var result = SpanAnchor.Create(text, 5, text.Length, null);

        Assert.True(result.Ok);
        Assert.Equal("second line\nthird", result.Value.Quote);
        Assert.Equal(7, result.Value.Start);
        Assert.Equal(text.Length - 1, result.Value.End);
        Assert.Equal("first\n\n", result.Value.Prefix);
        Assert.Equal("\n", result.Value.Suffix);
    }

    [Theory]
    [InlineData("  goal  ")]
    [InlineData("goal")]
    public void Quote_may_be_the_raw_or_the_trimmed_selection(string quote)
    {
        var result = SpanAnchor.Create("x  goal  y", 1, 9, quote);

        Assert.True(result.Ok, result.Failure?.Message);
        Assert.Equal("goal", result.Value.Quote);
    }

    [Theory]
    [InlineData("gaol")]
    [InlineData(" goal")]
    [InlineData("")]
    public void Quote_that_matches_neither_form_is_refused(string quote)
    {
        var result = SpanAnchor.Create("x  goal  y", 1, 9, quote);

        Assert.False(result.Ok);
        Assert.Contains("does not match", result.Failure?.Message);
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(0, 11)]
    [InlineData(5, 4)]
    public void Offsets_outside_the_block_are_refused(int start, int end)
    {
        var result = SpanAnchor.Create("0123456789", start, end, null);

        Assert.False(result.Ok);
        Assert.Equal(FailureKind.Invalid, result.Failure?.Kind);
        Assert.Contains("outside", result.Failure?.Message);
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(1, 5)]
    public void Empty_or_whitespace_only_selection_is_refused(int start, int end)
    {
        var result = SpanAnchor.Create("a  \n b", start, end, null);

        Assert.False(result.Ok);
        Assert.Contains("empty", result.Failure?.Message);
    }

    [Theory]
    [InlineData(2, 5)]
    [InlineData(0, 2)]
    public void Edge_inside_a_surrogate_pair_is_refused(int start, int end)
    {
        var result = SpanAnchor.Create("a😀bc", start, end, null);

        Assert.False(result.Ok);
        Assert.Contains("in half", result.Failure?.Message);
    }

    [Fact]
    public void Emoji_at_both_edges_is_kept_whole()
    {
        var text = "say 😀hi😀 now";

        var result = SpanAnchor.Create(text, 4, 10, "😀hi😀");

        Assert.True(result.Ok, result.Failure?.Message);
        Assert.Equal("😀hi😀", result.Value.Quote);
        Assert.Equal("say ", result.Value.Prefix);
        Assert.Equal(" now", result.Value.Suffix);
    }

    [Fact]
    public void Context_is_at_most_32_code_units_on_each_side()
    {
        var text = new string('p', 50) + "QUOTE" + new string('s', 50);

        var result = SpanAnchor.Create(text, 50, 55, "QUOTE");

        Assert.Equal(new string('p', 32), result.Value.Prefix);
        Assert.Equal(new string('s', 32), result.Value.Suffix);
    }

    [Fact]
    public void Context_stops_short_rather_than_cut_an_emoji()
    {
        // 31 'p' + one emoji directly before the quote would put the 32-unit prefix edge inside the
        // emoji that starts at index 0; same on the suffix side.
        var text = "😀" + new string('p', 31) + "Q" + new string('s', 31) + "😀";

        var result = SpanAnchor.Create(text, 33, 34, null);

        Assert.True(result.Ok, result.Failure?.Message);
        Assert.Equal(new string('p', 31), result.Value.Prefix);
        Assert.Equal(new string('s', 31), result.Value.Suffix);
    }

    [Fact]
    public void Selection_of_the_whole_block_has_empty_context()
    {
        var result = SpanAnchor.Create("whole", 0, 5, "whole");

        Assert.Equal(("", ""), (result.Value.Prefix, result.Value.Suffix));
    }
}
