using MigrationSim.Analysis.Fluid;
using MigrationSim.Model.Results;

namespace MigrationSim.Analysis.Validation;

/// <summary>A predictor's figures for one trace (simulator or fluid model), in ms, bytes and counts.</summary>
/// <param name="GuestPauseMs">The pause the guest sees; null when not known (the fluid model does not predict it).</param>
public sealed record Prediction(bool Converged, double TotalTimeMs, double? DowntimeMs, double Transferred, double DirtySyncCount, double PostcopyRequests,
    double? GuestPauseMs = null)
{
    public static Prediction From(MigrationSummary s) =>
        new(s.Converged, s.TotalTimeMs, s.DowntimeMs, s.Transferred, s.DirtySyncCount, s.PostcopyRequests, s.GuestPauseMs);

    public static Prediction From(MeasuredMigration m) =>
        new(m.Converged, m.TotalTimeMs, m.DowntimeMs, m.Transferred, m.DirtySyncCount, m.PostcopyRequests, m.GuestPauseMs);

    public static Prediction From(FluidPrediction f) =>
        new(f.Converged, f.TotalTimeMs, f.DowntimeMs, f.Transferred, f.DirtySyncCount, f.PostcopyRequests);

    public double? Value(Metric m) => m switch
    {
        Metric.TotalTime => TotalTimeMs,
        Metric.Downtime => DowntimeMs,
        Metric.Transferred => Transferred,
        Metric.Iterations => DirtySyncCount,
        Metric.PostcopyRequests => PostcopyRequests,
        Metric.GuestPause => GuestPauseMs,
        _ => null,
    };
}
