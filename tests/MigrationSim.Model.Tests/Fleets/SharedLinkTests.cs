using MigrationSim.Kernel;
using MigrationSim.Model.Fleets;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Network;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests.Fleets;

/// <summary>Migrations sharing links: closed forms of the flow model with QEMU's window limiter on top.</summary>
public class SharedLinkTests
{
    private const double Link = 100 * Fleet.MiB;

    private static FleetSpec OneLink(params (string Name, long Memory, MigrationParameters Parameters, WorkloadSpec? Workload)[] guests)
    {
        var hosts = new[] { Fleet.Host("a", Link), Fleet.Host("b", Link) };
        var g = guests.Select(x => Fleet.Guest(x.Name, "a", x.Memory, x.Workload, parameters: x.Parameters)).ToList();
        return Fleet.Spec(hosts, g, g.Select(x => (x.Name, "b", 0.0)));
    }

    [Fact]
    public void Two_idle_guests_sharing_one_link_take_twice_as_long_as_one_alone()
    {
        long memory = 256L << 20;
        var one = FleetSimulation.Run(OneLink(("g1", memory, Fleet.Unlimited(), null)));
        var two = FleetSimulation.Run(OneLink(("g1", memory, Fleet.Unlimited(), null), ("g2", memory, Fleet.Unlimited(), null)));
        // Setup (10 ms) and the switchover (5 ms) do not depend on the link; the transfer doubles.
        var host = new HostProfile();
        double fixedMs = host.SetupTime.Milliseconds + host.SwitchoverCost.Milliseconds;
        double alone = one.Guests[0].EndMs!.Value - fixedMs;
        Assert.All(two.Guests, g => Assert.Equal(2 * alone, g.EndMs!.Value - fixedMs, 2 * alone * 0.002));
        Assert.Equal(two.Guests[0].TransferredBytes, one.Guests[0].TransferredBytes);
    }

    [Theory]
    [InlineData(1500, 38, 1448.0 / 1538)]   // Ethernet on the wire
    [InlineData(1500, 14, 1448.0 / 1514)]   // a tc shaper on veth
    [InlineData(9000, 38, 8948.0 / 9038)]   // jumbo frames
    [InlineData(65536, 14, 65484.0 / 65550)] // a tc shaper on loopback
    public void Headers_leave_the_stream_mtu_minus_52_bytes_of_every_mtu_plus_frame_bytes(int mtu, int frame, double payload)
    {
        long memory = 256L << 20;
        var plain = FleetSimulation.Run(OneLink(("g1", memory, Fleet.Unlimited(), null)));
        var spec = OneLink(("g1", memory, Fleet.Unlimited(), null)) with { Network = new FleetNetwork { MtuBytes = mtu, FrameOverheadBytes = frame } };
        var framed = FleetSimulation.Run(spec);
        Assert.Equal(payload, spec.Network.PayloadFraction, 12);
        // An idle guest's transfer time scales with 1 / payload; setup and switchover do not.
        var host = new HostProfile();
        double fixedMs = host.SetupTime.Milliseconds + host.SwitchoverCost.Milliseconds;
        double expected = (plain.Guests[0].EndMs!.Value - fixedMs) / payload;
        Assert.Equal(expected, framed.Guests[0].EndMs!.Value - fixedMs, expected * 0.002);
        Assert.Equal(Link * payload, framed.Links.Max(l => l.PeakUtilisation * l.CapacityBytesPerSecond), Link * 1e-9);
    }

    [Fact]
    public void A_migration_capped_below_its_share_leaves_the_rest_of_the_link_to_the_other()
    {
        // g1 is held to 20 MiB/s by its window budget (it bursts at its share, then idles to the
        // window's end); g2 is unlimited: while both run g2 averages the other 80 MiB/s.
        long memory = 1L << 30;
        var capped = new MigrationParameters { MaxBandwidthBytesPerSecond = 20 * Fleet.MiB };
        var spec = OneLink(("g1", memory, capped, null), ("g2", memory, Fleet.Unlimited(), null));
        var rates = new Dictionary<string, List<(double T, long Bytes)>>();
        FleetSimulation.Run(spec, observe: run => run.MigrationStarted += m =>
        {
            var list = rates[m.Guest.Name] = [];
            m.Process!.Sampled += s => list.Add((s.ElapsedMs, s.Transferred));
        });
        double Rate(string g, double fromMs, double toMs)
        {
            var s = rates[g];
            var a = s.First(x => x.T >= fromMs);
            var b = s.Last(x => x.T <= toMs);
            return (b.Bytes - a.Bytes) / ((b.T - a.T) / 1000) / Fleet.MiB;
        }
        // g2 alone would need ~10 s for its 1 GiB; look at 1-8 s, when both run.
        Assert.Equal(20, Rate("g1", 1000, 8000), 0.5);
        Assert.Equal(80, Rate("g2", 1000, 8000), 1.0);
    }

    [Fact]
    public void A_capped_migration_alone_gets_the_whole_link_in_its_bursts()
    {
        // One flow, max-bandwidth 25 MiB/s on a 100 MiB/s link: each window's 2.5 MiB leaves in
        // 25 ms at the link's speed, then the flow idles to the window's end.
        var spec = OneLink(("g1", 256L << 20, new MigrationParameters { MaxBandwidthBytesPerSecond = 25 * Fleet.MiB }, null));
        spec = spec with { Guests = [spec.Guests[0] with { Settings = spec.Guests[0].Settings with { SampleInterval = SimTime.FromMilliseconds(5) } }] };
        var samples = new List<(double T, long Bytes)>();
        var result = FleetSimulation.Run(spec, observe: run => run.MigrationStarted += m => m.Process!.Sampled += s => samples.Add((s.ElapsedMs, s.Transferred)));
        var up = result.Links.Single(l => l.Name == "a up");
        Assert.Equal(1.0, up.PeakUtilisation, 9);
        Assert.Equal(result.Guests[0].TransferredBytes, up.CarriedBytes, up.CarriedBytes * 1e-6);
        var a = samples.First(x => x.T >= 1000);
        var b = samples.Last(x => x.T <= 8000);
        Assert.Equal(25, (b.Bytes - a.Bytes) / ((b.T - a.T) / 1000) / Fleet.MiB, 0.1);
        // Within a window (they open 10 ms after each 100 ms: setup) the 2.5 MiB leave in its first 25 ms, then nothing.
        long At(double ms) => samples.Single(x => Math.Abs(x.T - ms) < 1e-6).Bytes;
        Assert.Equal(2.5 * Fleet.MiB, At(2035) - At(2010), 8208.0);
        Assert.Equal(0, At(2110) - At(2040));
    }

    [Fact]
    public void Streams_into_one_host_share_its_downlink_and_not_their_uplinks()
    {
        // a->c and b->c cross c's 50 MiB/s downlink; d->e crosses only its own 100 MiB/s links.
        var hosts = new[] { Fleet.Host("a", Link), Fleet.Host("b", Link), new FleetHost("c", Link, 50 * Fleet.MiB, 1L << 40), Fleet.Host("d", Link), Fleet.Host("e", Link) };
        long memory = 256L << 20;
        var guests = new[]
        {
            Fleet.Guest("g1", "a", memory, parameters: Fleet.Unlimited()), Fleet.Guest("g2", "b", memory, parameters: Fleet.Unlimited()),
            Fleet.Guest("g3", "d", memory, parameters: Fleet.Unlimited()),
        };
        var r = FleetSimulation.Run(Fleet.Spec(hosts, guests, [("g1", "c", 0), ("g2", "c", 0), ("g3", "e", 0)]));
        double t3 = r.Guests[2].EndMs!.Value, t1 = r.Guests[0].EndMs!.Value;
        // 25 MiB/s each into c against 100 MiB/s for g3: four times as long, less the fixed 15 ms.
        Assert.Equal(4 * (t3 - 15), t1 - 15, 4 * t3 * 0.003);
        Assert.Equal(1.0, r.Links.Single(l => l.Name == "c down").PeakUtilisation, 9);
        Assert.Equal(1.0, r.Links.Single(l => l.Name == "d up").PeakUtilisation, 9);
        // a's uplink carried a quarter of its capacity while both streams ran (half if one ended first).
        Assert.InRange(r.Links.Single(l => l.Name == "a up").PeakUtilisation, 0.25 - 1e-9, 0.5 + 1e-9);
    }

    [Fact]
    public void Rack_uplinks_limit_only_streams_that_leave_the_rack()
    {
        var network = new FleetNetwork { Racks = [new FleetRack("r1", 60 * Fleet.MiB, 60 * Fleet.MiB), new FleetRack("r2", 60 * Fleet.MiB, 60 * Fleet.MiB)] };
        var hosts = new[]
        {
            new FleetHost("a", Link, Link, 1L << 40, "r1"), new FleetHost("b", Link, Link, 1L << 40, "r1"),
            new FleetHost("c", Link, Link, 1L << 40, "r2"),
        };
        long memory = 256L << 20;
        var guests = new[] { Fleet.Guest("in", "a", memory, parameters: Fleet.Unlimited()), Fleet.Guest("out", "b", memory, parameters: Fleet.Unlimited()) };
        var r = FleetSimulation.Run(Fleet.Spec(hosts, guests, [("in", "b", 0), ("out", "c", 0)], network: network));
        Assert.Equal(1.0, r.Links.Single(l => l.Name == "rack r1 up").PeakUtilisation, 9);
        Assert.Equal(0.0, r.Links.Single(l => l.Name == "rack r2 up").PeakUtilisation);
        // The stream leaving the rack runs at 60 MiB/s, the other at 100.
        Assert.Equal(100.0 / 60, (r.Guests[1].EndMs!.Value - 15) / (r.Guests[0].EndMs!.Value - 15), 0.01);
    }

    [Fact]
    public void A_shared_link_topology_puts_every_stream_on_one_link()
    {
        var network = new FleetNetwork { Topology = FleetTopology.SharedLink, SharedLinkBytesPerSecond = 16 * Fleet.MiB };
        var hosts = new[] { Fleet.Host("a", Link), Fleet.Host("b", Link) };
        long memory = 128L << 20;
        var guests = new[] { Fleet.Guest("g1", "a", memory, parameters: Fleet.Unlimited()), Fleet.Guest("g2", "b", memory, parameters: Fleet.Unlimited()) };
        var r = FleetSimulation.Run(Fleet.Spec(hosts, guests, [("g1", "b", 0), ("g2", "a", 0)], network: network));
        Assert.Single(r.Links);
        Assert.Equal(r.Guests[0].TransferredBytes + r.Guests[1].TransferredBytes, r.Links[0].CarriedBytes, r.Links[0].CarriedBytes * 1e-6);
    }
}
