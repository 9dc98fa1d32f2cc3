using System.Globalization;
using MigrationSim.Qemu.Capture;
using MigrationSim.Traces.Capture;

namespace MigrationSim.Qemu.Tests.Capture;

public sealed class GuestWorkloadTests
{
    [Fact]
    public void Hotspot_arguments_use_the_guest_parameter_names()
    {
        var w = new GuestWorkload
        {
            Kind = GuestWorkloadKind.Hotspot, WorkingSetPages = 32768, RatePagesPerSecond = 1500.5, ResidentPages = 100,
            HotFraction = 0.25, HotShare = 0.8, Seed = 7,
        };

        Assert.Equal(
            "migsim.kind=hotspot migsim.ws=32768 migsim.rate=1500.5 migsim.resident=100 migsim.hot_frac=0.25 migsim.hot_share=0.8 migsim.seed=7",
            w.ToKernelArguments());
    }

    [Fact]
    public void Phases_and_zipf_are_written_in_the_guest_syntax()
    {
        var phased = new GuestWorkload
        {
            Kind = GuestWorkloadKind.Phased, WorkingSetPages = 10,
            Phases = [new(GuestWorkloadKind.Uniform, 2, 1000), new(GuestWorkloadKind.Idle, 1.5, 0)],
        };
        var zipf = new GuestWorkload { Kind = GuestWorkloadKind.Zipf, WorkingSetPages = 10, ZipfExponent = 1.2 };

        Assert.Contains("migsim.phases=uniform:2:1000,idle:1.5:0", phased.ToKernelArguments());
        Assert.Contains("migsim.zipf_s=1.2", zipf.ToKernelArguments());
    }

    [Fact]
    public void Arguments_do_not_depend_on_the_current_culture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            // The build uses invariant globalization, so make a culture with a decimal comma by hand.
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            CultureInfo.CurrentCulture = comma;
            Assert.Equal("0,5", 0.5.ToString(CultureInfo.CurrentCulture));
            Assert.Contains("migsim.rate=0.5", new GuestWorkload { RatePagesPerSecond = 0.5 }.ToKernelArguments());
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Working_set_larger_than_the_guest_is_rejected_with_both_sizes()
    {
        var w = new GuestWorkload { Kind = GuestWorkloadKind.Uniform, WorkingSetPages = 65536, RatePagesPerSecond = 1 };

        var ex = Assert.Throws<ArgumentException>(() => w.Validate(256L << 20));
        Assert.Contains("268435456", ex.Message);
    }

    [Fact]
    public void Postcopy_switch_without_postcopy_capability_is_rejected()
    {
        var spec = new CaptureSpec { OutputDirectory = "/tmp", PostcopySwitch = PostcopySwitchRule.Immediately };

        var ex = Assert.Throws<ArgumentException>(spec.Validate);
        Assert.Contains("PostcopyRam", ex.Message);
    }

    [Fact]
    public void Parameters_use_qemu_names_and_omit_unset_ones()
    {
        var p = new MigrateSetParameters { DowntimeLimitMs = 300, MaxBandwidthBytesPerSecond = 64L << 20, CpuThrottleTailslow = true };

        Assert.Equal("{\"downtime-limit\":300,\"max-bandwidth\":67108864,\"cpu-throttle-tailslow\":true}", p.ToQmpArguments().ToJsonString());
    }
}
