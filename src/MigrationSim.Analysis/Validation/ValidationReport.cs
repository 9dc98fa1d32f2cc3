using MigrationSim.Model.Results;

namespace MigrationSim.Analysis.Validation;

/// <summary>
/// Everything `migsim validate` learned: per-trace comparisons, the traces it could not use and
/// why, the accuracy goals on the held-out traces, and the run-to-run variation of the repeats.
/// </summary>
public sealed record ValidationReport(
    IReadOnlyList<TraceValidation> Traces,
    IReadOnlyList<(string Trace, string Reason)> Unusable,
    IReadOnlyList<AccuracyGoal> Goals,
    IReadOnlyDictionary<Metric, ErrorStatistics?> RepeatVariation)
{
    public IEnumerable<TraceValidation> HeldOut => Traces.Where(t => !t.UsedForCalibration);

    /// <summary>Error statistics of one predictor (simulator or fluid) for one metric over the held-out traces of a group (<see cref="MeasuredMigration.Group"/>; null = all).</summary>
    public ErrorStatistics? Stats(Metric m, bool simulator, string? group = null) => ErrorStatistics.Of(
        HeldOut.Where(t => group is null || t.Measured.Group == group)
            .Select(t => t.SignedPercentError(m, simulator ? t.Simulated : t.Fluid))
            .Where(e => e is not null).Select(e => e!.Value));
}
