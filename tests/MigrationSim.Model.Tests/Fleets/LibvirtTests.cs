using MigrationSim.Model.Fleets;
using MigrationSim.Model.Orchestrators.Libvirt;

namespace MigrationSim.Model.Tests.Fleets;

/// <summary>An operator's virsh migrate calls: --timeout actions, --postcopy-after-precopy, one call at a time.</summary>
public class LibvirtTests
{
    [Fact]
    public void Timeout_suspend_pauses_the_guest_after_n_seconds()
    {
        var g = FleetSimulation.Run(NovaTests.Stuck(new LibvirtSpec { TimeoutSeconds = 30 })).Guests[0];
        Assert.Equal(FleetOutcome.Paused, g.Outcome);
        Assert.Equal(g.EndMs!.Value - 30_000, g.DowntimeMs!.Value, 6);
    }

    [Fact]
    public void Timeout_postcopy_switches_after_n_seconds()
    {
        var g = FleetSimulation.Run(NovaTests.Stuck(new LibvirtSpec { TimeoutSeconds = 30, TimeoutPostcopy = true, Postcopy = true })).Guests[0];
        Assert.Equal(FleetOutcome.ForcedToPostcopy, g.Outcome);
        Assert.InRange(g.StopMs!.Value, 30_000, 30_100);
    }

    [Fact]
    public void Postcopy_after_precopy_switches_once_the_first_pass_is_done()
    {
        var g = FleetSimulation.Run(NovaTests.Stuck(new LibvirtSpec { Postcopy = true, PostcopyAfterPrecopy = true })).Guests[0];
        Assert.Equal(FleetOutcome.CompletedInPostcopy, g.Outcome);
        // The first pass carries the whole 1 GiB at 100 MiB/s: about 10 s.
        Assert.InRange(g.StopMs!.Value, 10_000, 11_000);
    }

    [Fact]
    public void One_call_at_a_time_runs_the_migrations_back_to_back()
    {
        var r = FleetSimulation.Run(NovaTests.Stuck(new LibvirtSpec { TimeoutSeconds = 5 }, guests: 3));
        for (int i = 1; i < 3; i++)
            Assert.Equal(r.Guests[i - 1].EndMs!.Value, r.Guests[i].StartMs!.Value, 3);
    }
}
