using MathNet.Numerics.Statistics;

namespace MigrationSim.Analysis.Validation;

/// <summary>Absolute % errors of one metric over a set of traces: count, median, 90th percentile, max, mean signed error.</summary>
public sealed record ErrorStatistics(int Count, double MedianAbs, double P90Abs, double MaxAbs, double MeanSigned)
{
    public static ErrorStatistics? Of(IEnumerable<double> signedPercentErrors)
    {
        var signed = signedPercentErrors.ToArray();
        if (signed.Length == 0) return null;
        var abs = signed.Select(Math.Abs).ToArray();
        // Type-7 quantiles (linear interpolation), as R and NumPy compute them by default.
        return new ErrorStatistics(signed.Length, abs.Median(), abs.Quantile(0.9), abs.Max(), signed.Mean());
    }
}
