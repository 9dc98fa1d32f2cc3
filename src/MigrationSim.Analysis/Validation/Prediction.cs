using MigrationSim.Analysis.Fluid;
using MigrationSim.Model.Results;

namespace MigrationSim.Analysis.Validation;

/// <summary>
/// One predictor's figures for one trace (the simulator, the fluid model, or the capture itself),
/// for the metrics validation compares, in each metric's unit (ms, bytes, counts).
/// </summary>
/// <param name="Converged">The migration completed.</param>
/// <param name="Values">Each compared metric's value; null where the predictor has none (no downtime when it did not converge).</param>
public sealed record Prediction(bool Converged, IReadOnlyDictionary<Metric, double?> Values)
{
    /// <summary>
    /// What validation compares, in report order: the figures query-migrate reports that the fluid
    /// model predicts too, and the guest pause a capture times from QMP events (the fluid model
    /// has none). The accuracy goals are on these.
    /// </summary>
    public static IReadOnlyList<Metric> Compared { get; } = [Metrics.TotalTime, Metrics.Downtime, Metrics.Transferred, Metrics.DirtySyncCount, Metrics.PostcopyRequests, Metrics.GuestPause];

    /// <summary>A simulated run's figures, read through each metric.</summary>
    public static Prediction From(MigrationSummary s) => new(s.Converged, Compared.ToDictionary(m => m, m => m.Read(s)));

    /// <summary>A capture's figures: its query-migrate reply, read through the same metrics.</summary>
    public static Prediction From(MeasuredMigration m) => From(m.Figures);

    /// <summary>The fluid model's figures (the compared ones but the guest pause).</summary>
    public static Prediction From(FluidPrediction f) => new(f.Converged, new Dictionary<Metric, double?>
    {
        [Metrics.TotalTime] = f.TotalTimeMs,
        [Metrics.Downtime] = f.DowntimeMs,
        [Metrics.Transferred] = f.Transferred,
        [Metrics.DirtySyncCount] = f.DirtySyncCount,
        [Metrics.PostcopyRequests] = f.PostcopyRequests,
    });

    /// <summary>The value of <paramref name="m"/>, or null when this predictor has none.</summary>
    public double? Value(Metric m) => Values.GetValueOrDefault(m);

    /// <summary>total-time, ms.</summary>
    public double TotalTimeMs => Value(Metrics.TotalTime) ?? 0;

    /// <summary>downtime, ms; null when there is none.</summary>
    public double? DowntimeMs => Value(Metrics.Downtime);

    /// <summary>dirty-sync-count.</summary>
    public double DirtySyncCount => Value(Metrics.DirtySyncCount) ?? 0;
}
