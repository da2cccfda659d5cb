using System.Globalization;
using TranscriptReader.Core.Agreement;

namespace TranscriptReader.Web.Pages.Agreement;

/// <summary>
/// Geometry of the small interval charts, drawn as inline SVG by the views (no script): alpha as a dot and its
/// 95 % interval as a bar on a fixed scale from −1 to 1, with Krippendorff's guide lines at 0.667 and 0.8.
/// </summary>
public static class AgreementChart
{
    public const double Width = 200;
    public const double Min = -1;
    public const double Max = 1;
    public static readonly double[] Guides = [0, 0.667, 0.8];

    /// <summary>The x coordinate of a value, clamped to the chart (alpha can fall below −1 on tiny samples).</summary>
    public static string X(double value) => (Width * (Math.Clamp(value, Min, Max) - Min) / (Max - Min)).ToString("0.#", CultureInfo.InvariantCulture);

    public static string Format(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    public static string Percent(double value) => value.ToString("0.0%", CultureInfo.InvariantCulture);

    /// <summary>What the chart shows, for screen readers.</summary>
    public static string Describe(LabelAgreement a) => a.Alpha is null
        ? "alpha undefined"
        : $"alpha {Format(a.Alpha)}" + (a.CiLow is null ? "" : $", 95 % interval {Format(a.CiLow)} to {Format(a.CiHigh)}");
}
