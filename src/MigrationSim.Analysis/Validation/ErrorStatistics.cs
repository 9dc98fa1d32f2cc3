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
        // MathNet's Quantile is R's type 8 (Hyndman and Fan's median-unbiased definition), not the
        // type 7 of R's and NumPy's defaults: of 20 values it takes rank 18.63 (type 7: 18.1), so
        // it reads a little higher. QuantileDefinitionName says so in reports.
        return new ErrorStatistics(signed.Length, abs.Median(), abs.Quantile(0.9), abs.Max(), signed.Mean());
    }

    /// <summary>How <see cref="P90Abs"/> is computed, for reports.</summary>
    public const string QuantileDefinitionName = "R's type 8 quantile (median-unbiased; MathNet's Statistics.Quantile)";
}
