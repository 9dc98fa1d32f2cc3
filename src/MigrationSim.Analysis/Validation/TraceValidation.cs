using MigrationSim.Model.Results;

namespace MigrationSim.Analysis.Validation;

/// <summary>One captured trace against the simulator and the fluid model.</summary>
public sealed record TraceValidation(
    MeasuredMigration Measured,
    Prediction Simulated,
    Prediction Fluid,
    IReadOnlyList<MigrationSample> SimulatedTimeline,
    bool UsedForCalibration)
{
    public Prediction MeasuredFigures => Prediction.From(Measured);

    /// <summary>(predicted - measured) / measured in %, or null when either side lacks the figure or it is zero.</summary>
    public double? SignedPercentError(Metric m, Prediction p)
    {
        double? measured = MeasuredFigures.Value(m);
        double? predicted = p.Value(m);
        if (measured is not { } a || predicted is not { } b || a == 0) return null;
        return (b - a) / a * 100;
    }

    /// <summary>
    /// Root-mean-square gap between the predicted and measured transferred-bytes curves, sampled at
    /// 50 points over the time both cover, as a % of the measured final transferred.
    /// </summary>
    public double? ProgressError()
    {
        var m = Measured.Samples.Where(s => s.Status != MigrationStatus.Setup).ToList();
        var s = SimulatedTimeline;
        if (m.Count < 2 || s.Count < 2 || Measured.Transferred == 0) return null;
        double end = Math.Min(m[^1].ElapsedMs, s[^1].ElapsedMs);
        double sum = 0;
        const int points = 50;
        for (int i = 0; i < points; i++)
        {
            double t = end * (i + 0.5) / points;
            double d = Interpolate(s, t) - Interpolate(m, t);
            sum += d * d;
        }
        return Math.Sqrt(sum / points) / Measured.Transferred * 100;
    }

    private static double Interpolate(IReadOnlyList<MigrationSample> samples, double t)
    {
        if (t <= samples[0].ElapsedMs) return samples[0].Transferred;
        for (int i = 1; i < samples.Count; i++)
        {
            if (samples[i].ElapsedMs < t) continue;
            var a = samples[i - 1];
            var b = samples[i];
            double f = b.ElapsedMs == a.ElapsedMs ? 1 : (t - a.ElapsedMs) / (b.ElapsedMs - a.ElapsedMs);
            return a.Transferred + f * (b.Transferred - a.Transferred);
        }
        return samples[^1].Transferred;
    }
}
