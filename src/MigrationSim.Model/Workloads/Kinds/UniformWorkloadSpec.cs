using System.Globalization;
using MigrationSim.Kernel;
using MigrationSim.Model.Text;

namespace MigrationSim.Model.Workloads;

/// <summary>Each write hits a page drawn uniformly from the working set.</summary>
/// <param name="Pages">Working set, pages (at least 1).</param>
/// <param name="RatePagesPerSecond">Page writes per second at full speed (0 or more).</param>
public sealed record UniformWorkloadSpec(long Pages, double RatePagesPerSecond) : WorkloadSpec
{
    /// <summary><c>kind: uniform</c> with <c>working-set</c> and <c>rate</c>.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "uniform", "each write hits a page drawn uniformly from the working set",
        [
            new("working-set", "pages the workload writes into, pre-touched before the migration", "1GiB"),
            new("rate", "page writes per second at full speed (or a byte rate)", "20000 pages/s"),
        ],
        s => new UniformWorkloadSpec(s.WorkingSetPages(), s.RatePagesPerSecond()),
        (pages, rate) => new UniformWorkloadSpec(pages, rate));

    /// <inheritdoc/>
    public override long WorkingSetPages => Pages;

    /// <inheritdoc/>
    public override double MeanRatePagesPerSecond => RatePagesPerSecond;

    /// <inheritdoc/>
    public override Workload Create(long firstPage, RandomStreams streams, string streamName = "workload") => new UniformWorkload(firstPage, this, streams.Get(streamName));

    /// <inheritdoc/>
    public override string Describe(int pageSizeBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"uniform {Quantity.Count(RatePagesPerSecond)} pages/s over {Quantity.Bytes(Pages * (double)pageSizeBytes)}");

    /// <summary>Occupancy over the working set.</summary>
    public override double FluidDistinctPages(double seconds) => Occupancy.DistinctPages(Pages, RatePagesPerSecond * seconds);

    /// <inheritdoc/>
    public override GuestProgramWorkload ForGuestProgram() => new("uniform", RatePagesPerSecond);
}
