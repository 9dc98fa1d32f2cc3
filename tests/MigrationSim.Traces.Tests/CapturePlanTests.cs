using MigrationSim.Model.Migration;
using MigrationSim.Scenarios;
using MigrationSim.Traces.Capture;

namespace MigrationSim.Traces.Tests;

/// <summary>A scenario's QEMU features become the capture's capabilities and parameters, checked against the QEMU version.</summary>
public class CapturePlanTests
{
    private static Scenario Load(string migration) => ScenarioLoader.Parse($"""
        guest: {"{"} memory: 256MiB {"}"}
        workload: {"{"} kind: uniform, working-set: 32MiB, rate: 2000 pages/s, bytes-per-write: 64B {"}"}
        network: {"{"} bandwidth: 1Gbit/s {"}"}
        migration:
        {migration}
        """, "plan.yaml");

    private static CapturePlan Build(string migration, QemuVersion qemu) => CapturePlanner.Build(Load(migration), qemu);

    [Fact]
    public void Multifd_and_the_newer_parameters_reach_qemu_under_their_own_names()
    {
        var spec = Build("""
              multifd: true
              multifd-channels: 4
              multifd-compression: zlib
              multifd-zlib-level: 6
              zero-page-detection: multifd
              avail-switchover-bandwidth: 1GiB/s
            """, QemuVersion.V10_0);

        Assert.True(spec.Capabilities.Multifd);
        Assert.False(spec.Capabilities.Xbzrle);
        var args = spec.Parameters.ToQmpArguments();
        Assert.Equal(
            "multifd-channels=4 multifd-compression=zlib multifd-zlib-level=6 zero-page-detection=multifd avail-switchover-bandwidth=1073741824",
            string.Join(' ', new[] { "multifd-channels", "multifd-compression", "multifd-zlib-level", "zero-page-detection", "avail-switchover-bandwidth" }
                .Select(k => $"{k}={args[k]}")));
        Assert.False(args.ContainsKey("multifd-zstd-level"));
        Assert.Equal("""{"multifd-channels":4,"multifd-compression":"zlib"}""", spec.Parameters.DestinationQmpArguments().ToJsonString());
        Assert.Equal(64, spec.Workload.WriteBytes);
    }

    [Fact]
    public void Xbzrle_and_dirty_limit_map_with_qemus_units()
    {
        var x = Build("  xbzrle: true\n  xbzrle-cache-size: 32MiB\n", QemuVersion.V7_2);
        var d = Build("  dirty-limit: true\n  vcpu-dirty-limit: 8MiB/s\n  x-vcpu-dirty-limit-period: 250ms\n", QemuVersion.V10_0);

        Assert.True(x.Capabilities.Xbzrle);
        Assert.Equal(32L << 20, x.Parameters.XbzrleCacheSizeBytes);
        Assert.True(d.Capabilities.DirtyLimit);
        Assert.Equal((8L, 250L), (d.Parameters.VcpuDirtyLimitMiBPerSecond!.Value, d.Parameters.VcpuDirtyLimitPeriodMs!.Value));
        Assert.Contains(d.Notes, n => n.Contains("nothing here validates it", StringComparison.Ordinal));
    }

    [Fact]
    public void A_feature_newer_than_the_qemu_is_refused_at_its_key()
    {
        var e = Assert.Throws<ScenarioException>(() => Build("  dirty-limit: true\n", QemuVersion.V7_2));

        Assert.Equal("plan.yaml:5:16: migration.dirty-limit: dirty-limit needs QEMU 8.1 or later; this capture runs QEMU 7.2; capture it with --qemu 10.0", e.Message);
    }
}
