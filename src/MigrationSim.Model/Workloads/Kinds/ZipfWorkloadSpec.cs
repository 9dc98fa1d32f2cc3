using System.Globalization;
using MigrationSim.Kernel;
using MigrationSim.Model.Text;

namespace MigrationSim.Model.Workloads;

/// <summary>Rank r (1-based) is written with probability proportional to r^-Exponent; rank r is page r-1 of the working set.</summary>
/// <param name="Pages">Working set, pages (at least 1).</param>
/// <param name="RatePagesPerSecond">Page writes per second at full speed (0 or more).</param>
/// <param name="Exponent">Zipf exponent s, greater than 0 (1 = classic Zipf).</param>
public sealed record ZipfWorkloadSpec(long Pages, double RatePagesPerSecond, double Exponent) : WorkloadSpec
{
    /// <summary><c>kind: zipf</c> with <c>working-set</c>, <c>rate</c> and <c>exponent</c> (default 1).</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "zipf", "page r of the working set is written with probability proportional to r^-exponent",
        [
            new("working-set", "pages the workload writes into, pre-touched before the migration", "1GiB"),
            new("rate", "page writes per second at full speed (or a byte rate)", "20000 pages/s"),
            new("exponent", "Zipf exponent s > 0 (default 1)", "1.0"),
        ],
        s => new ZipfWorkloadSpec(s.WorkingSetPages(), s.RatePagesPerSecond(), s.Number("exponent", 1e-6, 20) ?? 1.0),
        (pages, rate) => new ZipfWorkloadSpec(pages, rate, 1.1));

    /// <inheritdoc/>
    public override long WorkingSetPages => Pages;

    /// <inheritdoc/>
    public override double MeanRatePagesPerSecond => RatePagesPerSecond;

    /// <inheritdoc/>
    public override Workload Create(long firstPage, RandomStreams streams, string streamName = "workload") => new ZipfWorkload(firstPage, this, streams.Get(streamName));

    /// <inheritdoc/>
    public override string Describe(int pageSizeBytes) => string.Create(CultureInfo.InvariantCulture,
        $"zipf(s={Exponent}) {Quantity.Count(RatePagesPerSecond)} pages/s over {Quantity.Bytes(Pages * (double)pageSizeBytes)}");

    /// <summary>Sum over ranks of 1 - e^(-n p_k), in geometric buckets of ranks (5% wide).</summary>
    public override double FluidDistinctPages(double seconds)
    {
        double writes = RatePagesPerSecond * seconds;
        double harmonic = ZipfSampler.Harmonic(Pages, Exponent);
        double sum = 0;
        long k = 1;
        while (k <= Pages)
        {
            long end = Math.Min(Pages, Math.Max(k, (long)(k * 1.05)));
            double mid = Math.Sqrt((double)k * end);
            double pk = Math.Pow(mid, -Exponent) / harmonic;
            sum += (end - k + 1) * -AccurateMath.ExpM1(-writes * pk);
            k = end + 1;
        }
        return sum;
    }

    /// <inheritdoc/>
    public override GuestProgramWorkload ForGuestProgram() => new("zipf", RatePagesPerSecond) { ZipfExponent = Exponent };
}
