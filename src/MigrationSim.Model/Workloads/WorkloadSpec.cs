using MigrationSim.Kernel;

namespace MigrationSim.Model.Workloads;

/// <summary>
/// What the guest does to its memory, as a scenario describes it. Rates are page writes per
/// second of guest run time (a throttled vCPU writes proportionally less). The working set
/// starts after the resident footprint and is pre-touched (non-zero) before migration starts,
/// as the capture's guest program does.
/// <para>Each kind is one record in Workloads/Kinds, and everything about it is there: its
/// scenario keys and parsing (<c>Definition</c>), the running workload it creates
/// (<see cref="Create"/>), its one-line description, its fluid approximation (or a stated
/// refusal) and how the capture's guest program runs it (or why it cannot).</para>
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

    /// <summary>The running workload, its working set starting at <paramref name="firstPage"/>, drawing from stream <paramref name="streamName"/> of <paramref name="streams"/>.</summary>
    public abstract Workload Create(long firstPage, RandomStreams streams, string streamName = "workload");

    /// <summary>One line for summaries, e.g. "uniform 5000 pages/s over 1.00 GiB".</summary>
    public abstract string Describe(int pageSizeBytes);

    /// <summary>
    /// The fluid baseline's approximation (FluidModel): expected distinct pages of the working set
    /// written in <paramref name="seconds"/> of guest time at full speed (a throttled guest's
    /// seconds scaled by its speed). A kind without a closed form throws
    /// <see cref="NotSupportedException"/> saying so, rather than pretending 0.
    /// </summary>
    public abstract double FluidDistinctPages(double seconds);

    /// <summary>
    /// How the capture's guest program runs this workload on real QEMU; throws
    /// <see cref="NotCapturableException"/> (with the key and why) when it cannot.
    /// </summary>
    public abstract GuestProgramWorkload ForGuestProgram();
}
