namespace MigrationSim.Model.Workloads;

/// <summary>
/// What the guest does to its memory, as a scenario describes it. Rates are page writes per
/// second of guest run time (a throttled vCPU writes proportionally less). The working set
/// starts after the resident footprint and is pre-touched (non-zero) before migration starts,
/// as the capture's guest program does.
/// </summary>
public abstract record WorkloadSpec
{
    /// <summary>Pages the workload writes into (0 for an idle guest).</summary>
    public abstract long WorkingSetPages { get; }

    /// <summary>Mean page writes per second at full speed.</summary>
    public abstract double MeanRatePagesPerSecond { get; }

    /// <summary>
    /// Share of the guest's page accesses that are reads, in [0, 1): accesses = writes / (1 - ReadRatio).
    /// Reads do not dirty memory but fault on the destination under postcopy like writes.
    /// </summary>
    public double ReadRatio { get; init; }

    /// <summary>How the write rate responds to a vCPU throttle (auto-converge).</summary>
    public Pacing Pacing { get; init; } = Pacing.Cpu;

    /// <summary>Clock pacing: the longest backlog the guest catches up after a pause; writes due beyond it are dropped.</summary>
    public double MaxLagSeconds { get; init; } = 0.1;

    /// <summary>Clock pacing: writes per second the guest makes when catching up flat out.</summary>
    public double MaxRatePagesPerSecond { get; init; } = double.PositiveInfinity;

    /// <summary>How long the workload has been running when the migration starts (phased workloads are that far into their cycle).</summary>
    public long WarmupNanoseconds { get; init; }

    /// <summary>
    /// Bytes of its page one write changes (the guest program writes one 8-byte counter by
    /// default). A page is dirty whatever the size; the size decides what xbzrle's XOR delta of
    /// a re-sent page compresses to.
    /// </summary>
    public int BytesPerWrite { get; init; } = DefaultBytesPerWrite;

    /// <summary>One 8-byte word, what the capture's guest program writes unless told otherwise.</summary>
    public const int DefaultBytesPerWrite = 8;
}

public sealed record IdleWorkloadSpec : WorkloadSpec
{
    public override long WorkingSetPages => 0;
    public override double MeanRatePagesPerSecond => 0;
}

/// <summary>Each write hits a page drawn uniformly from the working set.</summary>
public sealed record UniformWorkloadSpec(long Pages, double RatePagesPerSecond) : WorkloadSpec
{
    public override long WorkingSetPages => Pages;
    public override double MeanRatePagesPerSecond => RatePagesPerSecond;
}

/// <summary>The first <paramref name="HotFraction"/> of the working set receives <paramref name="HotShare"/> of the writes (both in (0,1)).</summary>
public sealed record HotspotWorkloadSpec(long Pages, double RatePagesPerSecond, double HotFraction, double HotShare) : WorkloadSpec
{
    public override long WorkingSetPages => Pages;
    public override double MeanRatePagesPerSecond => RatePagesPerSecond;
}

/// <summary>Every page of the working set in order, then again (QEMU guestperf's stress pattern).</summary>
public sealed record SequentialWorkloadSpec(long Pages, double RatePagesPerSecond) : WorkloadSpec
{
    public override long WorkingSetPages => Pages;
    public override double MeanRatePagesPerSecond => RatePagesPerSecond;
}

/// <summary>Rank r (1-based) is written with probability proportional to r^-Exponent; rank r is page r-1 of the working set.</summary>
public sealed record ZipfWorkloadSpec(long Pages, double RatePagesPerSecond, double Exponent) : WorkloadSpec
{
    public override long WorkingSetPages => Pages;
    public override double MeanRatePagesPerSecond => RatePagesPerSecond;
}

/// <summary>One phase of a <see cref="PhasedWorkloadSpec"/>.</summary>
public sealed record WorkloadPhase(long DurationNanoseconds, WorkloadSpec Workload);

/// <summary>Phases in order, cycling; every phase's working set starts at the same page.</summary>
public sealed record PhasedWorkloadSpec(IReadOnlyList<WorkloadPhase> Phases) : WorkloadSpec
{
    public override long WorkingSetPages => Phases.Count == 0 ? 0 : Phases.Max(p => p.Workload.WorkingSetPages);

    public override double MeanRatePagesPerSecond
    {
        get
        {
            double total = Phases.Sum(p => (double)p.DurationNanoseconds);
            return total <= 0 ? 0 : Phases.Sum(p => p.DurationNanoseconds * p.Workload.MeanRatePagesPerSecond) / total;
        }
    }

    public bool Equals(PhasedWorkloadSpec? other) => other is not null && Phases.SequenceEqual(other.Phases);
    public override int GetHashCode() => Phases.Count;
}
