using System.Globalization;
using TranscriptReader.Core.Agreement;

namespace TranscriptReader.Web.Pages.Agreement;

/// <summary>
/// Geometry of the small interval charts, drawn as inline SVG by the views (no script): alpha as a dot and its
/// 95 % interval as a bar on one fixed scale from −0.5 to 1 (lower values sit at the left edge: alpha below 0
/// means less agreement than chance, and how much less rarely matters), with guide lines at 0 and at
/// Krippendorff's 0.667 and 0.8.
/// </summary>
public static class AgreementChart
{
    public const double Width = 200;
    public const double Min = -0.5;
    public const double Max = 1;
    public static readonly double[] Guides = [0, 0.667, 0.8];

    /// <summary>The x coordinate of a value, clamped to the chart.</summary>
    public static string X(double value) => (Width * (Math.Clamp(value, Min, Max) - Min) / (Max - Min)).ToString("0.#", CultureInfo.InvariantCulture);

    public static string Format(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    public static string Percent(double value) => value.ToString("0.0%", CultureInfo.InvariantCulture);

    /// <summary>What the chart shows, for screen readers.</summary>
    public static string Describe(LabelAgreement a) => a.Alpha is null
        ? "alpha undefined"
        : $"alpha {Format(a.Alpha)}" + (a.CiLow is null ? "" : $", 95 % interval {Format(a.CiLow)} to {Format(a.CiHigh)}");
}
