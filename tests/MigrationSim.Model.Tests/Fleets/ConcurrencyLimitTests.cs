using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Model.Fleets;
using MigrationSim.Model.Orchestrators;
using MigrationSim.Model.Orchestrators.KubeVirt;
using MigrationSim.Model.Orchestrators.Libvirt;
using MigrationSim.Model.Orchestrators.Nova;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests.Fleets;

/// <summary>On random fleets, no orchestrator ever runs more migrations at once than its limits allow, and every request is served.</summary>
public class ConcurrencyLimitTests
{
    public sealed record Case(FleetSpec Spec, int PerCluster, int PerNode);

    public static Arbitrary<Case> Cases() => Arb.From(
        from hosts in Gen.Choose(2, 5)
        from guests in Gen.Choose(2, 10)
        from placement in Gen.ArrayOf(Gen.Choose(0, 4), guests)
        from targets in Gen.ArrayOf(Gen.Choose(1, 4), guests)
        from sizes in Gen.ArrayOf(Gen.Choose(16, 96), guests)
        from starts in Gen.ArrayOf(Gen.Choose(0, 4), guests)
        from kind in Gen.Choose(0, 2)
        from cluster in Gen.Choose(1, 4)
        from node in Gen.Choose(1, 3)
        select Build(hosts, placement, targets, sizes, starts, kind, cluster, node));

    private static Case Build(int hostCount, int[] placement, int[] targets, int[] sizesMiB, int[] starts, int kind, int cluster, int node)
    {
        var hosts = Enumerable.Range(0, hostCount).Select(h => Fleet.Host($"h{h}", 64 * Fleet.MiB)).ToList();
        var guests = new List<FleetGuest>();
        var plan = new List<(string, string, double)>();
        for (int i = 0; i < placement.Length; i++)
        {
            int from = placement[i] % hostCount, to = (from + targets[i]) % hostCount;
            if (to == from) to = (from + 1) % hostCount;
            var g = Fleet.Guest($"g{i}", $"h{from}", (long)sizesMiB[i] << 20, new UniformWorkloadSpec(512, 2000), seed: (ulong)i, parameters: Fleet.Unlimited());
            guests.Add(g);
            plan.Add((g.Name, $"h{to}", starts[i]));
        }
        OrchestratorSpec orchestrator = kind switch
        {
            0 => new KubeVirtSpec { ParallelMigrationsPerCluster = cluster, ParallelOutboundMigrationsPerNode = node },
            1 => new NovaSpec { MaxConcurrentLiveMigrations = node },
            _ => new LibvirtSpec { CallsAtOnce = cluster },
        };
        return new Case(Fleet.Spec(hosts, guests, plan, orchestrator), kind == 1 ? int.MaxValue : cluster, kind == 2 ? int.MaxValue : node);
    }

    [Property(MaxTest = 40, Arbitrary = [typeof(ConcurrencyLimitTests)])]
    public Property Limits_hold_at_every_start_and_every_request_ends(Case c)
    {
        var violations = new List<string>();
        var result = FleetSimulation.Run(c.Spec, observe: run => run.MigrationStarted += m =>
        {
            if (run.RunningCount > c.PerCluster) violations.Add($"{run.RunningCount} running at {run.Simulator.Now} > {c.PerCluster}");
            if (run.RunningFrom(m.From) > c.PerNode) violations.Add($"{run.RunningFrom(m.From)} out of {m.From} at {run.Simulator.Now} > {c.PerNode}");
        });
        bool served = result.Guests.All(g => g.Outcome == FleetOutcome.Completed);
        return (violations.Count == 0 && served).Label($"{c.Spec.Orchestrator.Describe()}: {string.Join("; ", violations.Take(3))}; outcomes {string.Join(",", result.Guests.Select(g => g.Outcome))}");
    }

    [Fact]
    public void The_check_sees_a_violation_when_the_limit_is_wrong()
    {
        // Four guests out of one node under KubeVirt's default 2 per node: claiming 1 must fail.
        var hosts = new[] { Fleet.Host("a", 64 * Fleet.MiB), Fleet.Host("b", 64 * Fleet.MiB) };
        var guests = Enumerable.Range(0, 4).Select(i => Fleet.Guest($"g{i}", "a", 32L << 20, seed: (ulong)i, parameters: Fleet.Unlimited())).ToList();
        var spec = Fleet.Spec(hosts, guests, guests.Select(g => (g.Name, "b", 0.0)), new KubeVirtSpec());
        int peak = 0;
        FleetSimulation.Run(spec, observe: run => run.MigrationStarted += m => peak = Math.Max(peak, run.RunningFrom(m.From)));
        Assert.Equal(2, peak);
    }
}
