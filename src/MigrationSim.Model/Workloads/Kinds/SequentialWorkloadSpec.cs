using System.Globalization;
using MigrationSim.Kernel;
using MigrationSim.Model.Text;

namespace MigrationSim.Model.Workloads;

/// <summary>Every page of the working set in order, then again (QEMU guestperf's stress pattern).</summary>
/// <param name="Pages">Working set, pages (at least 1).</param>
/// <param name="RatePagesPerSecond">Page writes per second at full speed (0 or more).</param>
public sealed record SequentialWorkloadSpec(long Pages, double RatePagesPerSecond) : WorkloadSpec
{
    /// <summary><c>kind: sequential</c> with <c>working-set</c> and <c>rate</c>.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "sequential", "every page of the working set in order, then again",
        [
            new("working-set", "pages the workload writes into, pre-touched before the migration", "1GiB"),
            new("rate", "page writes per second at full speed (or a byte rate)", "20000 pages/s"),
        ],
        s => new SequentialWorkloadSpec(s.WorkingSetPages(), s.RatePagesPerSecond()),
        (pages, rate) => new SequentialWorkloadSpec(pages, rate));

    /// <inheritdoc/>
    public override long WorkingSetPages => Pages;

    /// <inheritdoc/>
    public override double MeanRatePagesPerSecond => RatePagesPerSecond;

    /// <inheritdoc/>
    public override Workload Create(long firstPage, RandomStreams streams, string streamName = "workload") => new SequentialWorkload(firstPage, this);

    /// <inheritdoc/>
    public override string Describe(int pageSizeBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"sequential {Quantity.Count(RatePagesPerSecond)} pages/s over {Quantity.Bytes(Pages * (double)pageSizeBytes)}");

    /// <summary>Each write is a new page until the sweep wraps around.</summary>
    public override double FluidDistinctPages(double seconds) => Math.Min(Pages, RatePagesPerSecond * seconds);

    /// <inheritdoc/>
    public override GuestProgramWorkload ForGuestProgram() => new("sequential", RatePagesPerSecond);
}
