using MigrationSim.Model.Results;

namespace MigrationSim.Analysis.Planning;

/// <summary>
/// A candidate's simulated runs (every workload x replication) against the SLA, summarised by the
/// share of runs that met it and the worst value of each cost over the runs (times in ms,
/// bytes in bytes, progress as a fraction). Worst downtime is null when no run completed.
/// </summary>
public sealed record PlanOutcome(PlanCandidate Candidate, IReadOnlyList<MigrationSummary> Runs, IReadOnlyList<string?> Violations, bool Accepted)
{
    public int Meeting => Violations.Count(v => v is null);

    public double Share => Runs.Count == 0 ? 0 : (double)Meeting / Runs.Count;

    public bool AllCompleted => Runs.All(r => r.Status == MigrationStatus.Completed);

    public double? WorstDowntimeMs => Runs.Any(r => r.DowntimeMs is not null) ? Runs.Max(r => r.DowntimeMs ?? double.PositiveInfinity) : null;

    /// <summary>The longest pause the guest really sees (to running on the destination), ms; null when no run completed.</summary>
    public double? WorstGuestPauseMs => Runs.Any(r => r.GuestPauseMs is not null) ? Runs.Max(r => r.GuestPauseMs ?? double.PositiveInfinity) : null;

    public double WorstTotalTimeMs => Runs.Max(r => r.TotalTimeMs);

    public double MeanTotalTimeMs => Runs.Average(r => r.TotalTimeMs);

    public double WorstGuestProgress => Runs.Min(r => r.GuestProgress);

    public double WorstVcpuBlockedMs => Runs.Max(r => r.VcpuBlockedMs);

    public double WorstExposureMs => Runs.Max(r => r.ExposureWindowMs ?? 0);

    public long MaxTransferredBytes => Runs.Max(r => r.Transferred);

    /// <summary>The most frequent reason a run missed the SLA, or null when every run met it.</summary>
    public string? MainViolation => Violations.Where(v => v is not null).GroupBy(v => v).OrderByDescending(g => g.Count()).FirstOrDefault()?.Key;
}
