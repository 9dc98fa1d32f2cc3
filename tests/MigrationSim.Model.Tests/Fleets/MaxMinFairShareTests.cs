using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Model.Network;

namespace MigrationSim.Model.Tests.Fleets;

/// <summary>The max-min fair allocation: closed forms, and its defining properties on random networks.</summary>
public class MaxMinFairShareTests
{
    private const double Inf = double.PositiveInfinity;

    [Fact]
    public void Two_flows_on_one_link_get_half_each()
    {
        var r = MaxMinFairShare.Allocate([100.0], [[0], [0]], [Inf, Inf]);
        Assert.Equal([50.0, 50.0], r);
    }

    [Fact]
    public void A_flow_capped_below_its_fair_share_leaves_the_rest_to_the_others()
    {
        var r = MaxMinFairShare.Allocate([100.0], [[0], [0], [0]], [20, Inf, Inf]);
        Assert.Equal([20.0, 40.0, 40.0], r);
    }

    [Fact]
    public void A_flow_bottlenecked_elsewhere_leaves_its_share_on_the_wide_link()
    {
        // Flows 0 and 1 share link 0 (100); flow 1 also crosses link 1 (30), which holds it to 30, so flow 0 gets 70.
        var r = MaxMinFairShare.Allocate([100.0, 30.0], [[0], [0, 1]], [Inf, Inf]);
        Assert.Equal(70.0, r[0], 9);
        Assert.Equal(30.0, r[1], 9);
    }

    [Fact]
    public void The_classic_parking_lot_gives_the_long_flow_the_least()
    {
        // Links 0 and 1 of 1 each; a long flow crosses both, one short flow each: everyone gets 1/2.
        var r = MaxMinFairShare.Allocate([1.0, 1.0], [[0, 1], [0], [1]], [Inf, Inf, Inf]);
        Assert.All(r, x => Assert.Equal(0.5, x, 12));
    }

    public sealed record Network(double[] Capacities, int[][] FlowLinks, double[] Caps);

    public static Arbitrary<Network> Networks() => Arb.From(
        from links in Gen.Choose(1, 6)
        from flows in Gen.Choose(1, 10)
        from capacities in Gen.ArrayOf(Gen.Choose(1, 1000).Select(c => (double)c), links)
        from routes in Gen.ArrayOf(Gen.SubListOf(Enumerable.Range(0, links).ToArray()).Where(l => l.Count > 0).Select(l => l.ToArray()), flows)
        from caps in Gen.ArrayOf(Gen.Frequency((2, Gen.Constant(Inf)), (1, Gen.Choose(1, 500).Select(c => (double)c))), flows)
        select new Network(capacities, routes, caps));

    private static double[] Load(Network n, double[] rates) =>
        Enumerable.Range(0, n.Capacities.Length).Select(l => Enumerable.Range(0, rates.Length).Where(f => n.FlowLinks[f].Contains(l)).Sum(f => rates[f])).ToArray();

    [Property(MaxTest = 300, Arbitrary = [typeof(MaxMinFairShareTests)])]
    public Property No_link_carries_more_than_its_capacity_and_no_flow_more_than_its_cap(Network n)
    {
        var rates = MaxMinFairShare.Allocate(n.Capacities, n.FlowLinks, n.Caps);
        var load = Load(n, rates);
        bool links = load.Select((x, l) => x <= n.Capacities[l] * (1 + 1e-9)).All(ok => ok);
        bool caps = rates.Select((r, f) => r > 0 && r <= n.Caps[f] * (1 + 1e-12)).All(ok => ok);
        return (links && caps).Label($"rates {string.Join(", ", rates)}; loads {string.Join(", ", load)}");
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(MaxMinFairShareTests)])]
    public Property Every_flow_is_at_its_cap_or_has_the_largest_rate_on_a_saturated_link(Network n)
    {
        var rates = MaxMinFairShare.Allocate(n.Capacities, n.FlowLinks, n.Caps);
        var load = Load(n, rates);
        for (int f = 0; f < rates.Length; f++)
        {
            if (rates[f] >= n.Caps[f] * (1 - 1e-9)) continue;
            bool bottleneck = n.FlowLinks[f].Any(l =>
                load[l] >= n.Capacities[l] * (1 - 1e-9) &&
                Enumerable.Range(0, rates.Length).Where(g => n.FlowLinks[g].Contains(l)).All(g => rates[g] <= rates[f] * (1 + 1e-9)));
            if (!bottleneck) return false.Label($"flow {f} at {rates[f]} is below its cap {n.Caps[f]} and no saturated link of its ({string.Join(",", n.FlowLinks[f])}) holds it");
        }
        return true.ToProperty();
    }
}
