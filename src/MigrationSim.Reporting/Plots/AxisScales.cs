namespace MigrationSim.Reporting.Plots;

/// <summary>Resolves <see cref="AxisScale.Auto"/> from the values on the axis.</summary>
public static class AxisScales
{
    /// <summary>Largest relative difference between successive ratios that still counts as one ratio.</summary>
    public const double RatioTolerance = 0.02;

    public static AxisScale Resolve(AxisScale requested, IReadOnlyList<double> values)
    {
        if (requested != AxisScale.Auto) return requested;
        var v = values.Distinct().Order().ToList();
        if (v.Count < 3 || v[0] <= 0) return AxisScale.Linear;
        var ratios = v.Zip(v.Skip(1), (a, b) => b / a).ToList();
        bool geometric = ratios.All(r => Math.Abs(r / ratios[0] - 1) <= RatioTolerance) && ratios[0] > 1 + RatioTolerance;
        return geometric ? AxisScale.Log : AxisScale.Linear;
    }
}
