namespace TranscriptReader.Core.Labels;

/// <summary>
/// The colours given to new labels: 24 from Paul Tol's and Okabe &amp; Ito's colour-blind-safe schemes, and
/// the rule that a new label takes the one farthest from every live label's colour.
/// </summary>
/// <remarks>
/// Distance is CIE76 ΔE in CIELAB, taken as the smallest over normal vision and simulated protanopia,
/// deuteranopia and tritanopia (Machado, Oliveira &amp; Fernandes 2009, full severity, in linear sRGB): two
/// colours are only as far apart as they look to the reader who sees them closest. The palette's order is a
/// farthest-point order, so with nothing in use the first colours picked are the most distinct; its smallest
/// pairwise distance is about 9.6 by this measure (13 for normal vision), which a test checks.
/// </remarks>
public static class LabelPalette
{
    public static readonly IReadOnlyList<string> Colors =
    [
        "#999933", "#66ccee", "#882255", "#332288", "#4477aa", "#f0e442", "#ee6677", "#ffaabb",
        "#666633", "#cc79a7", "#e69f00", "#663333", "#009e73", "#cc3311", "#6699cc", "#004488",
        "#44bb99", "#aa3377", "#eecc66", "#aa4499", "#ee8866", "#994455", "#bbcc33", "#d55e00",
    ];

    private static readonly double[][][] Visions =
    [
        [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
    ];

    /// <summary>
    /// The palette colour farthest from the colours in use (the first in palette order on a tie); colours that
    /// are not #rrggbb are ignored. With every palette colour in use it still picks the least crowded one.
    /// </summary>
    public static string Pick(IEnumerable<string> inUse)
    {
        var used = inUse.Select(Parse).OfType<double[]>().ToList();
        if (used.Count == 0)
        {
            return Colors[0];
        }
        var best = Colors[0];
        var bestDistance = double.MinValue;
        foreach (var candidate in Colors)
        {
            var rgb = Parse(candidate)!;
            var nearest = used.Min(u => Distance(rgb, u));
            if (nearest > bestDistance)
            {
                (best, bestDistance) = (candidate, nearest);
            }
        }
        return best;
    }

    /// <summary>The smallest ΔE between two #rrggbb colours over normal and the three simulated colour-blind visions.</summary>
    public static double Distance(string a, string b) =>
        Distance(Parse(a) ?? throw new ArgumentException("Not a #rrggbb colour.", nameof(a)),
            Parse(b) ?? throw new ArgumentException("Not a #rrggbb colour.", nameof(b)));

    private static double Distance(double[] a, double[] b) =>
        Visions.Min(m =>
        {
            var (la, lb) = (Lab(Apply(m, a)), Lab(Apply(m, b)));
            return Math.Sqrt(Math.Pow(la[0] - lb[0], 2) + Math.Pow(la[1] - lb[1], 2) + Math.Pow(la[2] - lb[2], 2));
        });

    /// <summary>Linear sRGB of #rrggbb, or null for anything else.</summary>
    private static double[]? Parse(string color)
    {
        var c = color.Trim();
        if (c.Length != 7 || c[0] != '#' || !int.TryParse(c.AsSpan(1), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var v))
        {
            return null;
        }
        return [Linear((v >> 16) & 0xff), Linear((v >> 8) & 0xff), Linear(v & 0xff)];
    }

    private static double Linear(int channel)
    {
        var c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }

    private static double[] Apply(double[][] m, double[] rgb) =>
        [.. m.Select(row => Math.Clamp(row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2], 0, 1))];

    private static double[] Lab(double[] rgb)
    {
        var x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
        var y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
        var z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
        static double F(double t) => t > 216.0 / 24389 ? Math.Cbrt(t) : (24389.0 / 27 * t + 16) / 116;
        var (fx, fy, fz) = (F(x), F(y), F(z));
        return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
    }
}
