using TranscriptReader.Core.Labels;
using Xunit.Abstractions;

namespace TranscriptReader.Core.Tests.Labels;

/// <summary>Issue 13, defect 7: automatic label colours can be told apart, also by colour-blind readers.</summary>
public sealed class LabelPaletteTests(ITestOutputHelper output)
{
    [Fact]
    public void The_palette_has_24_distinct_colours_far_apart_in_every_vision()
    {
        var colors = LabelPalette.Colors;
        Assert.True(colors.Count >= 24);
        Assert.Equal(colors.Count, colors.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var min = colors.SelectMany((a, i) => colors.Skip(i + 1).Select(b => LabelPalette.Distance(a, b))).Min();
        output.WriteLine($"Smallest distance between two palette colours: ΔE {min:F1} (worst of normal, protan, deutan, tritan vision)");
        Assert.True(min >= 9, $"ΔE {min:F1}");
    }

    [Fact]
    public void Twenty_four_labels_created_one_after_another_never_share_a_colour()
    {
        var inUse = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            inUse.Add(LabelPalette.Pick(inUse));
        }
        Assert.Equal(24, inUse.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var min = inUse.SelectMany((a, i) => inUse.Skip(i + 1).Select(b => LabelPalette.Distance(a, b))).Min();
        output.WriteLine($"24 labels: smallest distance between two of their colours ΔE {min:F1}");
        Assert.True(min >= 9, $"ΔE {min:F1}");
    }

    [Fact]
    public void A_new_label_takes_the_colour_farthest_from_those_in_use()
    {
        // Three labels that collided on the old hash palette; the next one must not land near them.
        string[] inUse = ["#c0619d", "#c0619d", "#c0619d"];
        var picked = LabelPalette.Pick(inUse);
        var farthest = LabelPalette.Colors.Max(c => LabelPalette.Distance(c, "#c0619d"));
        Assert.Equal(farthest, LabelPalette.Distance(picked, "#c0619d"), 6);
        Assert.Equal(LabelPalette.Colors[0], LabelPalette.Pick([]));
        Assert.Equal(LabelPalette.Colors[0], LabelPalette.Pick(["not a colour", "#12345"]));
    }

    [Fact]
    public void With_every_colour_taken_the_least_crowded_one_is_picked()
    {
        var inUse = LabelPalette.Colors.Concat(LabelPalette.Colors.Skip(1)).ToList();
        Assert.Equal(LabelPalette.Colors[0], LabelPalette.Pick(inUse));
    }
}
