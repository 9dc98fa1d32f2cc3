using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Results;

namespace MigrationSim.Analysis.Planning;

/// <summary>
/// What a run must achieve to meet the SLA, and which settings may be tried at all. A run meets
/// the SLA when the migration completes with downtime within <see cref="MaxDowntime"/>, total
/// time within <see cref="MaxTotal"/>, guest progress (work done over undisturbed work, 0..1) at
/// least <see cref="MinGuestProgress"/>, and a postcopy exposure window (time during which losing
/// either host loses the guest) within <see cref="MaxExposure"/>. A candidate is accepted when at
/// least <see cref="MinShare"/> of its runs meet it.
/// </summary>
public sealed record PlanConstraints
{
    public required SimTime MaxDowntime { get; init; }
    public SimTime? MaxTotal { get; init; }
    public double? MinGuestProgress { get; init; }
    public SimTime? MaxExposure { get; init; }

    /// <summary>Policies allowed (many platforms forbid postcopy); all three by default.</summary>
    public IReadOnlyList<PlanPolicy> Policies { get; init; } = [PlanPolicy.Precopy, PlanPolicy.Postcopy, PlanPolicy.Hybrid];

    /// <summary>Largest bandwidth cap the migration may take, bytes/s; null: up to the link speed.</summary>
    public double? MaxBandwidthBytesPerSecond { get; init; }

    /// <summary>Share of a candidate's runs (replications x dirty rates) that must meet the SLA, in (0, 1].</summary>
    public double MinShare { get; init; } = 1;

    /// <summary>Why a run fails the SLA ("not completed", "downtime", ...), or null when it meets it.</summary>
    public string? Violation(MigrationSummary s)
    {
        // A run the planner stopped at its horizon (max-total + 1 s) failed on total time, not for want of converging.
        if (s.Status != MigrationStatus.Completed) return MaxTotal is { } limit && s.TotalTimeMs > limit.Milliseconds ? "total time" : "did not complete";
        if ((s.DowntimeMs ?? double.PositiveInfinity) > MaxDowntime.Milliseconds) return "downtime";
        if (MaxTotal is { } t && s.TotalTimeMs > t.Milliseconds) return "total time";
        if (MinGuestProgress is { } g && s.GuestProgress < g) return "guest progress";
        if (MaxExposure is { } e && (s.ExposureWindowMs ?? 0) > e.Milliseconds) return "exposure";
        return null;
    }
}
