using System.Globalization;
using MigrationSim.Kernel;
using MigrationSim.Model.Text;

namespace MigrationSim.Model.Workloads;

/// <summary>The first <paramref name="HotFraction"/> of the working set receives <paramref name="HotShare"/> of the writes, each part uniformly.</summary>
/// <param name="Pages">Working set, pages (at least 1).</param>
/// <param name="RatePagesPerSecond">Page writes per second at full speed (0 or more).</param>
/// <param name="HotFraction">Share of the working set, from its start, that is hot: in (0, 1).</param>
/// <param name="HotShare">Share of the writes that go to the hot pages: in [0, 1].</param>
public sealed record HotspotWorkloadSpec(long Pages, double RatePagesPerSecond, double HotFraction, double HotShare) : WorkloadSpec
{
    /// <summary><c>kind: hotspot</c> with <c>working-set</c>, <c>rate</c>, <c>hot-fraction</c> and <c>hot-share</c>.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "hotspot", "a hot part of the working set receives most writes",
        [
            new("working-set", "pages the workload writes into, pre-touched before the migration", "1GiB"),
            new("rate", "page writes per second at full speed (or a byte rate)", "20000 pages/s"),
            new("hot-fraction", "share of the working set that is hot, strictly between 0 and 1", "0.1"),
            new("hot-share", "share of the writes that go to the hot pages, 0 to 1", "0.9"),
        ],
        s =>
        {
            double fraction = s.Number("hot-fraction", 0, 1) ?? throw s.Missing("hot-fraction", "0.1");
            double share = s.Number("hot-share", 0, 1) ?? throw s.Missing("hot-share", "0.9");
            if (fraction <= 0 || fraction >= 1) throw s.Error("hot-fraction", "must be strictly between 0 and 1");
            return new HotspotWorkloadSpec(s.WorkingSetPages(), s.RatePagesPerSecond(), fraction, share);
        },
        (pages, rate) => new HotspotWorkloadSpec(pages, rate, 0.2, 0.8));

    /// <inheritdoc/>
    public override long WorkingSetPages => Pages;

    /// <inheritdoc/>
    public override double MeanRatePagesPerSecond => RatePagesPerSecond;

    /// <inheritdoc/>
    public override Workload Create(long firstPage, RandomStreams streams, string streamName = "workload") => new HotspotWorkload(firstPage, this, streams.Get(streamName));

    /// <inheritdoc/>
    public override string Describe(int pageSizeBytes) => string.Create(CultureInfo.InvariantCulture,
        $"hotspot {Quantity.Count(RatePagesPerSecond)} pages/s over {Quantity.Bytes(Pages * (double)pageSizeBytes)} ({HotShare:P0} of writes to {HotFraction:P0})");

    /// <summary>Occupancy of the hot and the cold part, each with its share of the writes (all of them to the hot part when it is the whole set).</summary>
    public override double FluidDistinctPages(double seconds)
    {
        double hot = Math.Clamp(Math.Round(Pages * HotFraction), 1, Pages);
        double cold = Pages - hot;
        double n = RatePagesPerSecond * seconds;
        return Occupancy.DistinctPages(hot, n * (cold == 0 ? 1 : HotShare)) + Occupancy.DistinctPages(cold, n * (1 - HotShare));
    }

    /// <inheritdoc/>
    public override GuestProgramWorkload ForGuestProgram() => new("hotspot", RatePagesPerSecond) { HotFraction = HotFraction, HotShare = HotShare };
}
