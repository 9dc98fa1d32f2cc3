using MigrationSim.Kernel;

namespace MigrationSim.Model.Workloads;

/// <summary>The guest writes nothing: only its resident pages (and the guest kernel's background writes, a host constant) are there to move.</summary>
public sealed record IdleWorkloadSpec : WorkloadSpec
{
    /// <summary><c>kind: idle</c>: no keys of its own.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "idle", "the guest writes nothing (the default without a workload section)", [],
        _ => new IdleWorkloadSpec(),
        (_, _) => new IdleWorkloadSpec());

    /// <inheritdoc/>
    public override long WorkingSetPages => 0;

    /// <inheritdoc/>
    public override double MeanRatePagesPerSecond => 0;

    /// <inheritdoc/>
    public override Workload Create(long firstPage, RandomStreams streams, string streamName = "workload") => new IdleWorkload();

    /// <inheritdoc/>
    public override string Describe(int pageSizeBytes) => "idle";

    /// <inheritdoc/>
    public override double FluidDistinctPages(double seconds) => 0;

    /// <inheritdoc/>
    public override GuestProgramWorkload ForGuestProgram() => new("idle", 0);
}
