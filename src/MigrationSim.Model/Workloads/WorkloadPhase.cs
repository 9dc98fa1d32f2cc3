namespace MigrationSim.Model.Workloads;

/// <summary>One phase of a <see cref="PhasedWorkloadSpec"/>: a workload run for <paramref name="DurationNanoseconds"/> (more than 0).</summary>
/// <param name="DurationNanoseconds">How long the phase lasts, ns.</param>
/// <param name="Workload">What the guest does during it (any kind but phased).</param>
public sealed record WorkloadPhase(long DurationNanoseconds, WorkloadSpec Workload);
