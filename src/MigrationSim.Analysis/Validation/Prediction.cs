using MigrationSim.Analysis.Fluid;
using MigrationSim.Model.Results;

namespace MigrationSim.Analysis.Validation;

/// <summary>A predictor's figures for one trace (simulator or fluid model), in ms, bytes and counts.</summary>
public sealed record Prediction(bool Converged, double TotalTimeMs, double? DowntimeMs, double Transferred, double DirtySyncCount, double PostcopyRequests)
{
    public static Prediction From(MigrationSummary s) =>
        new(s.Converged, s.TotalTimeMs, s.DowntimeMs, s.Transferred, s.DirtySyncCount, s.PostcopyRequests);

    public static Prediction From(MeasuredMigration m) =>
        new(m.Converged, m.TotalTimeMs, m.DowntimeMs, m.Transferred, m.DirtySyncCount, m.PostcopyRequests);

    public static Prediction From(FluidPrediction f) =>
        new(f.Converged, f.TotalTimeMs, f.DowntimeMs, f.Transferred, f.DirtySyncCount, f.PostcopyRequests);

    public double? Value(Metric m) => m switch
    {
        Metric.TotalTime => TotalTimeMs,
        Metric.Downtime => DowntimeMs,
        Metric.Transferred => Transferred,
        Metric.Iterations => DirtySyncCount,
        Metric.PostcopyRequests => PostcopyRequests,
        _ => null,
    };
}
