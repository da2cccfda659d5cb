namespace TranscriptReader.Core.Agreement;

/// <summary>Cohen's kappa between two yes/no ratings of the same items: κ = (p_o − p_e) / (1 − p_e).</summary>
public static class CohenKappa
{
    /// <param name="bothYes">Items both ratings call yes.</param>
    /// <param name="firstOnly">Items only the first rating calls yes.</param>
    /// <param name="secondOnly">Items only the second rating calls yes.</param>
    /// <param name="bothNo">Items both ratings call no.</param>
    /// <returns>Kappa, or null when there are no items or chance agreement is already perfect (p_e = 1).</returns>
    public static double? Of(int bothYes, int firstOnly, int secondOnly, int bothNo)
    {
        double n = bothYes + firstOnly + secondOnly + bothNo;
        if (n == 0)
        {
            return null;
        }
        var observed = (bothYes + bothNo) / n;
        var firstYes = (bothYes + firstOnly) / n;
        var secondYes = (bothYes + secondOnly) / n;
        var chance = firstYes * secondYes + (1 - firstYes) * (1 - secondYes);
        return chance >= 1 ? null : (observed - chance) / (1 - chance);
    }
}
