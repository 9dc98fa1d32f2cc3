using MigrationSim.Kernel;
using MigrationSim.Model.Fleets;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests.Fleets;

/// <summary>A fleet of one guest is a run: the shared network and the fleet machinery change nothing when nothing is shared.</summary>
public class OneGuestFleetTests
{
    public static TheoryData<string> Inputs() => new() { "precopy-capped", "precopy-unlimited", "autoconverge", "postcopy", "hybrid", "profile" };

    private static SimulationInput Input(string name)
    {
        var uniform = new UniformWorkloadSpec(16_384, 20_000);
        return name switch
        {
            "precopy-capped" => Scenarios.Make(1L << 30, uniform, 128 * Scenarios.MiB, residentBytes: 256L << 20, seed: 11),
            "precopy-unlimited" => Scenarios.Make(1L << 30, uniform, double.PositiveInfinity, link: 400 * Scenarios.MiB, seed: 12),
            "autoconverge" => Scenarios.Make(512L << 20, new UniformWorkloadSpec(65_536, 60_000), 64 * Scenarios.MiB, seed: 13,
                autoConverge: new AutoConvergeParameters { Enabled = true }, maxTimeSeconds: 120),
            "postcopy" => Scenarios.Make(512L << 20, new HotspotWorkloadSpec(32_768, 30_000, 0.1, 0.9), 64 * Scenarios.MiB, seed: 14,
                policy: PostcopySpec.Instance),
            "hybrid" => Scenarios.Make(512L << 20, uniform, double.PositiveInfinity, link: 200 * Scenarios.MiB, seed: 15,
                policy: new HybridSpec(new SwitchRule { AfterIterations = 2 })),
            _ => Scenarios.Make(512L << 20, uniform, double.PositiveInfinity, link: 10e9 / 8, seed: 16) with
            {
                Host = new HostProfile { EffectiveBandwidthBytesPerSecond = 500e6, StoppedBandwidthBytesPerSecond = 1.1e9, ImageFootprintBytes = 80L << 20 },
            },
        };
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void A_fleet_of_one_guest_gives_the_summary_run_gives(string name)
    {
        var input = Input(name);
        var alone = MigrationSimulation.Run(input).Summary;

        var hosts = new[] { Fleet.Host("a", input.Link.BandwidthBytesPerSecond), Fleet.Host("b", input.Link.BandwidthBytesPerSecond) };
        var guest = new FleetGuest(input.Name, "a", input.Seed, input.Guest, input.Workload, input.Settings, null);
        var spec = Fleet.Spec(hosts, [guest], [(input.Name, "b", 0)], network: new FleetNetwork { Latency = input.Link.Latency });
        MigrationSummary? inFleet = null;
        var result = FleetSimulation.Run(spec, observe: run => run.MigrationStarted += m => m.Process!.Finished += r => inFleet = r.Summary);

        Assert.Equal(alone, inFleet);
        Assert.Equal(alone.TotalTimeMs, result.MakespanMs, 9);
        Assert.Equal(alone.Transferred, result.Guests[0].TransferredBytes);
    }

    [Fact]
    public void Started_later_a_guest_behaves_as_one_started_at_zero()
    {
        // The fleet creates each guest when its migration starts: starting at 30 s shifts the run, nothing else.
        var input = Input("precopy-capped");
        var hosts = new[] { Fleet.Host("a", input.Link.BandwidthBytesPerSecond), Fleet.Host("b", input.Link.BandwidthBytesPerSecond) };
        var guest = new FleetGuest(input.Name, "a", input.Seed, input.Guest, input.Workload, input.Settings, null);
        var at0 = FleetSimulation.Run(Fleet.Spec(hosts, [guest], [(input.Name, "b", 0)])).Guests[0];
        var at30 = FleetSimulation.Run(Fleet.Spec(hosts, [guest], [(input.Name, "b", 30)])).Guests[0];
        Assert.Equal(30_000, at30.StartMs!.Value, 9);
        Assert.Equal(at0.DurationMs!.Value, at30.DurationMs!.Value, 6);
        Assert.Equal(at0.TransferredBytes, at30.TransferredBytes);
        Assert.Equal(at0.Iterations, at30.Iterations);
        Assert.Equal(at0.GuestProgress, at30.GuestProgress, 9);
    }
}
