namespace MigrationSim.Model.Workloads;

/// <summary>
/// How the capture's guest program (src/MigrationSim.Qemu/guest/workload.c) realises a workload
/// on real QEMU: its kind word and arguments. Rates are page writes per second; the working set,
/// pacing and write size come from the <see cref="WorkloadSpec"/> itself.
/// </summary>
/// <param name="Kind">The program's kind: idle, uniform, sequential, hotspot, zipf or phased.</param>
/// <param name="RatePagesPerSecond">Page writes per second (0 for idle and phased).</param>
public sealed record GuestProgramWorkload(string Kind, double RatePagesPerSecond)
{
    /// <summary>Hotspot: the share of the working set (from its start) that is hot, in (0, 1).</summary>
    public double? HotFraction { get; init; }

    /// <summary>Hotspot: the share of writes that go to the hot pages, in [0, 1].</summary>
    public double? HotShare { get; init; }

    /// <summary>Zipf: rank r (page r-1) is written with probability proportional to r^-ZipfExponent.</summary>
    public double? ZipfExponent { get; init; }

    /// <summary>Phased: the phases in order (the program runs idle, uniform and sequential phases).</summary>
    public IReadOnlyList<GuestProgramPhase> Phases { get; init; } = [];
}
