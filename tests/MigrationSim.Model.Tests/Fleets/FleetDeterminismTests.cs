using MigrationSim.Model.Fleets;
using MigrationSim.Model.Orchestrators.KubeVirt;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests.Fleets;

/// <summary>A fleet run is a pure function of its spec: same seeds, same results; other seeds, other results.</summary>
public class FleetDeterminismTests
{
    private static FleetSpec Spec(ulong seedOffset)
    {
        var hosts = Enumerable.Range(0, 4).Select(h => Fleet.Host($"h{h}", 80 * Fleet.MiB)).ToList();
        var guests = Enumerable.Range(0, 8).Select(i => Fleet.Guest($"g{i}", $"h{i % 2}", 256L << 20,
            new HotspotWorkloadSpec(16_384, 8000 + 1000 * i, 0.1, 0.9), seed: seedOffset + (ulong)i, parameters: Fleet.Unlimited())).ToList();
        return Fleet.Spec(hosts, guests, guests.Select((g, i) => (g.Name, $"h{2 + i % 2}", 0.0)), new KubeVirtSpec { AllowPostCopy = true, CompletionTimeoutPerGiB = 3 });
    }

    [Fact]
    public void The_same_fleet_twice_gives_the_same_results()
    {
        var a = FleetSimulation.Run(Spec(1));
        var b = FleetSimulation.Run(Spec(1));
        Assert.Equal(a.Guests, b.Guests);
        Assert.Equal(a.Links.Select(l => (l.Name, l.CarriedBytes, l.PeakUtilisation)), b.Links.Select(l => (l.Name, l.CarriedBytes, l.PeakUtilisation)));
        Assert.Equal(a.Events, b.Events);
    }

    [Fact]
    public void Other_guest_seeds_give_other_results()
    {
        var a = FleetSimulation.Run(Spec(1));
        var c = FleetSimulation.Run(Spec(100));
        Assert.NotEqual(a.Guests.Select(g => g.EndMs), c.Guests.Select(g => g.EndMs));
    }
}
