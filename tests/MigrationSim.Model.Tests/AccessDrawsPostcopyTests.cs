using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Workloads;
using static MigrationSim.Model.Tests.Scenarios;

namespace MigrationSim.Model.Tests;

/// <summary>
/// A guest whose missing-pages bitmap reaches <see cref="AccessDraws.AheadFromWords"/> words draws its
/// faults' accesses ahead (prefetched); one page word smaller draws them on demand. The two paths are
/// the same in distribution, so the two guests, 64 pages apart, fault alike over many seeds.
/// </summary>
public class AccessDrawsPostcopyTests
{
    private const long Ahead = (long)AccessDraws.AheadFromWords * 64 * 4096; // 128 GiB
    private const long OnDemand = Ahead - 64 * 4096;

    [Fact]
    public void Faults_drawn_ahead_and_on_demand_agree_in_distribution()
    {
        const int seeds = 10;
        double[] ahead = Faults(Ahead, seeds), onDemand = Faults(OnDemand, seeds);
        double ma = ahead.Average(), mo = onDemand.Average();
        double se = Math.Sqrt(Variance(ahead) / seeds + Variance(onDemand) / seeds);
        Assert.True(ma > 1_000 && mo > 1_000, $"too few faults to compare: {ma:F0} and {mo:F0}");
        // Means of 10 runs each: 4 standard errors apart would happen by chance about once in 16,000 runs.
        Assert.True(Math.Abs(ma - mo) <= 4 * se + 1e-9,
            $"mean faults {ma:F0} drawn ahead vs {mo:F0} on demand (standard error {se:F1})");
    }

    private static double[] Faults(long memoryBytes, int seeds) =>
        Enumerable.Range(1, seeds).Select(seed => (double)MigrationSimulation.Run(Make(memoryBytes,
            new UniformWorkloadSpec(131_072, 1_000_000), maxBandwidth: 4e9, policy: PostcopySpec.Instance, seed: (ulong)seed,
            maxPostcopyBandwidth: 4e9, postcopy: new PostcopyParameters { PageFaults = PageFaultMode.Asynchronous, GuestTasks = 64, Preempt = true }))
            .Summary.Faults).ToArray();

    private static double Variance(double[] x)
    {
        double m = x.Average();
        return x.Sum(v => (v - m) * (v - m)) / (x.Length - 1);
    }
}
