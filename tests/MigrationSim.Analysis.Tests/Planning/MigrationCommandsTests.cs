using MigrationSim.Analysis.Planning;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;

namespace MigrationSim.Analysis.Tests.Planning;

public class MigrationCommandsTests
{
    [Fact]
    public void A_hybrid_setting_becomes_qmp_and_virsh_commands()
    {
        var c = new PlanCandidate(PlanPolicy.Hybrid, new SwitchRule { AfterIterations = 3 }, "after 3 iterations", 256.0 * (1 << 20), "256MiB/s", SimTime.FromMilliseconds(50), true);
        Assert.Equal(
        [
            """{"execute":"migrate-set-capabilities","arguments":{"capabilities":[{"capability":"postcopy-ram","state":true},{"capability":"auto-converge","state":true}]}}   # on both hosts for postcopy-ram""",
            """{"execute":"migrate-set-parameters","arguments":{"max-bandwidth":268435456,"downtime-limit":50,"max-postcopy-bandwidth":268435456}}""",
            """{"execute":"migrate","arguments":{"uri":"tcp:DESTINATION:4444"}}""",
            """{"execute":"migrate-start-postcopy"}   # when query-migrate's dirty-sync-count exceeds 3""",
        ], MigrationCommands.Qmp(c));
        Assert.Equal(
        [
            "virsh migrate-setmaxdowntime DOMAIN --downtime 50",
            "virsh migrate --live --persistent --undefinesource --bandwidth 256 --auto-converge --postcopy --postcopy-bandwidth 256 DOMAIN qemu+ssh://DESTINATION/system",
            "virsh migrate-postcopy DOMAIN   # when query-migrate's dirty-sync-count exceeds 3",
        ], MigrationCommands.Virsh(c));
    }

    [Fact]
    public void Precopy_sets_no_postcopy_and_libvirt_switches_after_one_pass_by_itself()
    {
        var pre = new PlanCandidate(PlanPolicy.Precopy, null, "", 64.0 * (1 << 20), "64MiB/s", SimTime.FromMilliseconds(100), false);
        Assert.Equal(
        [
            """{"execute":"migrate-set-parameters","arguments":{"max-bandwidth":67108864,"downtime-limit":100}}""",
            """{"execute":"migrate","arguments":{"uri":"tcp:DESTINATION:4444"}}""",
        ], MigrationCommands.Qmp(pre));
        var after1 = pre with { Policy = PlanPolicy.Hybrid, Switch = new SwitchRule { AfterIterations = 1 }, SwitchLabel = "after 1 iteration" };
        var virsh = MigrationCommands.Virsh(after1);
        Assert.Equal(2, virsh.Count);
        Assert.EndsWith("--postcopy --postcopy-bandwidth 64 --postcopy-after-precopy DOMAIN qemu+ssh://DESTINATION/system", virsh[1]);
    }
}
