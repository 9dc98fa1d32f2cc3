using MigrationSim.Qemu.Capture;
using MigrationSim.Qemu.Installations;
using MigrationSim.Qemu.Processes;
using MigrationSim.Model.Migration;
using MigrationSim.Traces.Capture;

namespace MigrationSim.Qemu.Tests.Capture;

/// <summary>The capture side of xbzrle, multifd, zero-page-detection, avail-switchover-bandwidth and dirty-limit.</summary>
public sealed class CaptureFeatureTests
{
    private static CaptureSpec Spec(MigrationCapabilities caps, MigrateSetParameters parameters) =>
        new() { OutputDirectory = "/tmp", Capabilities = caps, Parameters = parameters };

    [Fact]
    public void Multifd_settings_go_to_both_sides_and_the_rest_to_the_source_only()
    {
        var p = new MigrateSetParameters
        {
            MultifdChannels = 4, MultifdCompression = "zstd", MultifdZstdLevel = 3, ZeroPageDetection = "legacy",
            AvailSwitchoverBandwidthBytesPerSecond = 1_000_000, XbzrleCacheSizeBytes = 1 << 20,
        };

        Assert.Equal("""{"multifd-channels":4,"multifd-compression":"zstd"}""", p.DestinationQmpArguments().ToJsonString());
        Assert.Equal(
            """{"multifd-channels":4,"multifd-compression":"zstd","xbzrle-cache-size":1048576,"multifd-zstd-level":3,"zero-page-detection":"legacy","avail-switchover-bandwidth":1000000}""",
            p.ToQmpArguments().ToJsonString());
    }

    [Theory]
    [InlineData(7, 2, "zero-page-detection needs QEMU 9.0 or later; this capture runs QEMU 7.2.22|avail-switchover-bandwidth needs QEMU 8.2 or later; this capture runs QEMU 7.2.22")]
    [InlineData(8, 2, "zero-page-detection needs QEMU 9.0 or later; this capture runs QEMU 8.2.22")]
    [InlineData(10, 0, "")]
    public void Each_setting_is_checked_against_the_release_it_appeared_in(int major, int minor, string expected)
    {
        var spec = Spec(new MigrationCapabilities { Multifd = true },
            new MigrateSetParameters { MultifdChannels = 8, ZeroPageDetection = "multifd", AvailSwitchoverBandwidthBytesPerSecond = 1 });

        var missing = QemuFeatureRequirements.Missing(spec.Capabilities, spec.Parameters, new QemuVersion(major, minor, 22));

        Assert.Equal(expected, string.Join('|', missing.Select(m => m.Problem)));
    }

    [Fact]
    public void Dirty_limit_is_refused_under_tcg_and_needs_8_1()
    {
        var spec = Spec(new MigrationCapabilities { DirtyLimit = true }, new MigrateSetParameters { VcpuDirtyLimitMiBPerSecond = 2 });

        Assert.Contains("no dirty ring, so dirty-limit cannot be captured or validated here", AcceleratorRequirements.Problem(spec.Capabilities, Accelerator.Tcg));
        Assert.Null(AcceleratorRequirements.Problem(spec.Capabilities, Accelerator.Kvm));
        Assert.Equal(["dirty-limit", "vcpu-dirty-limit"], QemuFeatureRequirements.Missing(spec.Capabilities, spec.Parameters, QemuVersion.V7_2).Select(m => m.Name));
    }

    [Theory]
    [InlineData(true, true, false, false, "multifd and xbzrle cannot be combined")]
    [InlineData(false, true, true, false, "multifd and postcopy-ram cannot be combined")]
    [InlineData(false, false, false, true, "dirty-limit and auto-converge cannot be combined")]
    public void Combinations_qemu_10_refuses_are_refused(bool xbzrle, bool multifd, bool postcopy, bool dirtyLimit, string message)
    {
        var spec = Spec(new MigrationCapabilities { Xbzrle = xbzrle, Multifd = multifd, PostcopyRam = postcopy, DirtyLimit = dirtyLimit, AutoConverge = dirtyLimit },
            new MigrateSetParameters());

        Assert.Contains(message, Assert.Throws<ArgumentException>(spec.Validate).Message);
    }

    [Fact]
    public void Parameters_without_their_capability_or_out_of_range_are_refused()
    {
        string Refused(MigrationCapabilities c, MigrateSetParameters p) => Assert.Throws<ArgumentException>(Spec(c, p).Validate).Message;
        var multifd = new MigrationCapabilities { Multifd = true };

        Assert.Contains("xbzrle-cache-size is set but the xbzrle capability is off", Refused(new(), new() { XbzrleCacheSizeBytes = 1 << 20 }));
        Assert.Contains("a multifd parameter is set but the multifd capability is off", Refused(new(), new() { MultifdCompression = "zlib" }));
        Assert.Contains("multifd-channels 0 must be 1-255", Refused(multifd, new() { MultifdChannels = 0 }));
        Assert.Contains("multifd-compression 'lz4' must be none, zlib or zstd", Refused(multifd, new() { MultifdCompression = "lz4" }));
        Assert.Contains("must be a power of two", Refused(new() { Xbzrle = true }, new() { XbzrleCacheSizeBytes = 3 << 20 }));
        Assert.Contains("zero-page-detection 'auto'", Refused(new(), new() { ZeroPageDetection = "auto" }));
    }

    [Fact]
    public void Write_size_reaches_the_guest_only_when_it_is_not_the_default()
    {
        var w = new GuestWorkload { Kind = GuestWorkloadKind.Uniform, WorkingSetPages = 10, RatePagesPerSecond = 5 };

        Assert.DoesNotContain("write_bytes", w.ToKernelArguments());
        Assert.EndsWith("migsim.write_bytes=512", (w with { WriteBytes = 512 }).ToKernelArguments());
        Assert.Throws<ArgumentException>(() => (w with { WriteBytes = 12 }).Validate(1 << 30));
        Assert.Throws<ArgumentException>(() => (w with { WriteBytes = 8192 }).Validate(1 << 30));
    }
}
