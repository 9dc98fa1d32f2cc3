namespace MigrationSim.Model.Workloads;

/// <summary>
/// log(1+x) and e^x - 1 without cancellation for tiny x (Kahan's corrections): .NET's
/// double.LogP1/ExpM1 compute log(x + 1) and exp(x) - 1 directly, which loses every digit of a
/// one-in-a-billion page-touch probability.
/// </summary>
internal static class AccurateMath
{
    public static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    public static double ExpM1(double x)
    {
        if (Math.Abs(x) > 0.5) return Math.Exp(x) - 1;
        double u = Math.Exp(x);
        if (u == 1) return x;
        double um1 = u - 1;
        return um1 * x / Math.Log(u);
    }
}
