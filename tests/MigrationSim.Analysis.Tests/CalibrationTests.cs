using MigrationSim.Analysis.Calibration;
using MigrationSim.Analysis.Validation;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Network;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Analysis.Tests;

/// <summary>Calibration recovers constants it did not see from synthetic captures made by the simulator, with noise added.</summary>
public class CalibrationTests
{
    private static readonly HostProfile Truth = new()
    {
        SetupTime = SimTime.FromMilliseconds(3),
        SwitchoverCost = SimTime.FromMilliseconds(4),
        ExtraRamBytes = 532_480,
        ImageFootprintBytes = 90L << 20,
        ImageFootprintPerGiBBytes = 16L << 20,
        EffectiveBandwidthBytesPerSecond = 600e6,
        StoppedBandwidthBytesPerSecond = 1.6e9,
        FaultServiceTime = SimTime.FromMilliseconds(20),
    };

    private static SimulationInput Input(string name, long memory, WorkloadSpec w, double maxBandwidth, PolicySpec? policy = null) => new()
    {
        Name = name,
        Seed = 7,
        Guest = new GuestSpec(memory, 4096, 0),
        Workload = w,
        Link = new Link(1.25e9, SimTime.FromMicroseconds(50)),
        Policy = policy ?? PrecopySpec.Instance,
        Parameters = new MigrationParameters { MaxBandwidthBytesPerSecond = maxBandwidth, MaxPostcopyBandwidthBytesPerSecond = 32 << 20 },
    };

    /// <summary>What a capture of <paramref name="input"/> on the true host would record, every figure off by up to +-noise.</summary>
    private static MeasuredMigration Capture(SimulationInput input, double noise, Random rng, HostProfile? host = null)
    {
        var r = MigrationSimulation.Run(input with { Host = host ?? Truth });
        var s = r.Summary;
        double N() => 1 + (rng.NextDouble() * 2 - 1) * noise;
        return new MeasuredMigration
        {
            Name = input.Name,
            Input = input, // as the scenario file says: the host constants are what calibration must find
            Status = s.Status,
            TotalTimeMs = s.TotalTimeMs * N(),
            DowntimeMs = s.DowntimeMs * N(),
            SetupTimeMs = s.SetupTimeMs * N(),
            Transferred = (long)(s.Transferred * N()),
            Normal = (long)(s.Normal * N()),
            Duplicate = s.Duplicate,
            DowntimeBytes = s.DowntimeBytes,
            PrecopyBytes = s.PrecopyBytes,
            DirtySyncCount = s.DirtySyncCount,
            PostcopyRequests = (long)Math.Round(s.PostcopyRequests * N()),
            RamTotal = s.RamTotal,
            Samples = r.Timeline,
        };
    }

    private static List<MeasuredMigration> CalibrationSet(double noise)
    {
        var rng = new Random(1);
        const long MiB = 1 << 20;
        return
        [
            Capture(Input("idle256", 256 * MiB, new IdleWorkloadSpec(), 64 * MiB), noise, rng),
            Capture(Input("idle512", 512 * MiB, new IdleWorkloadSpec(), 128 * MiB), noise, rng),
            Capture(Input("idle1024", 1024 * MiB, new IdleWorkloadSpec(), 128 * MiB), noise, rng),
            Capture(Input("unlimited256", 256 * MiB, new UniformWorkloadSpec(16384, 5000), double.PositiveInfinity), noise, rng),
            Capture(Input("unlimited512", 512 * MiB, new IdleWorkloadSpec(), double.PositiveInfinity), noise, rng),
            Capture(Input("uniform256", 256 * MiB, new UniformWorkloadSpec(16384, 3000), 32 * MiB), noise, rng),
            Capture(Input("postcopy256", 256 * MiB, new UniformWorkloadSpec(32768, 40000), 32 * MiB, PostcopySpec.Instance), noise, rng),
            // Without a limit: a limited request mostly waits for the window to reset, whatever the fault's own cost,
            // so these pin that cost.
            Capture(Input("postcopy256-unlimited", 256 * MiB, new UniformWorkloadSpec(32768, 40000), double.PositiveInfinity, PostcopySpec.Instance)
                with { Parameters = new MigrationParameters { MaxBandwidthBytesPerSecond = double.PositiveInfinity } }, noise, rng),
        ];
    }

    [Fact]
    public void Without_noise_the_constants_come_back()
    {
        var h = Calibrator.Fit(CalibrationSet(0)).Profile;
        Assert.Equal(3, h.SetupTime.Milliseconds, 2);
        Assert.Equal(Truth.ExtraRamBytes, h.ExtraRamBytes);
        Assert.InRange(h.ImageFootprintBytes, (90L << 20) * 0.97, (90L << 20) * 1.03);
        Assert.InRange(h.ImageFootprintPerGiBBytes, (16L << 20) * 0.9, (16L << 20) * 1.1);
        Assert.InRange(h.EffectiveBandwidthBytesPerSecond!.Value, 600e6 * 0.95, 600e6 * 1.05);
        Assert.InRange(h.StoppedBandwidthBytesPerSecond!.Value, 1.6e9 * 0.9, 1.6e9 * 1.1);
        Assert.InRange(h.SwitchoverCost.Milliseconds, 3.5, 4.5);
        Assert.InRange(h.FaultServiceTime.Milliseconds, 15, 26);
    }

    [Fact]
    public void With_three_percent_noise_the_constants_stay_close()
    {
        var h = Calibrator.Fit(CalibrationSet(0.03)).Profile;
        Assert.InRange(h.ImageFootprintBytes, (90L << 20) * 0.85, (90L << 20) * 1.15);
        Assert.InRange(h.EffectiveBandwidthBytesPerSecond!.Value, 600e6 * 0.85, 600e6 * 1.15);
        Assert.InRange(h.FaultServiceTime.Milliseconds, 10, 35);
        Assert.InRange(h.SetupTime.Milliseconds, 2.8, 3.2);
    }

    [Fact]
    public void The_fitted_profile_makes_the_simulator_match_held_out_synthetic_captures()
    {
        var calibration = CalibrationSet(0.01);
        var heldOut = new List<MeasuredMigration>
        {
            Capture(Input("hot512", 512L << 20, new HotspotWorkloadSpec(65536, 20000, 0.05, 0.95), 32 << 20), 0, new Random(3)),
            Capture(Input("seq256", 256L << 20, new SequentialWorkloadSpec(8192, 2000), 16 << 20), 0, new Random(4)),
        };
        var fitted = Calibrator.Fit(calibration).Profile;
        var report = Validator.Validate([.. calibration, .. heldOut], fitted, calibration.Select(t => t.Name).ToHashSet(), []);
        var s = report.Stats(Metrics.TotalTime, simulator: true)!; // both held-out traces, converged or cancelled
        Assert.Equal(2, s.Count);
        Assert.True(s.MaxAbs < 3, $"held-out total-time error {s.MaxAbs:0.##}%");
        // and an uncalibrated simulator is clearly worse on the same traces
        var raw = Validator.Validate([.. calibration, .. heldOut], new HostProfile(), calibration.Select(t => t.Name).ToHashSet(), []);
        Assert.True(raw.Stats(Metrics.Transferred, true)!.MaxAbs > 10);
    }

    [Theory]
    [InlineData("10.0", true)]
    [InlineData("7.2", false)]
    public void Compression_constants_come_back_from_unlimited_captures_and_move_nothing_else(string release, bool imageSeen)
    {
        var qemu = QemuVersion.TryParse(release)!.Value;
        var truth = Truth with { Qemu = qemu, MultifdZstdPageTime = SimTime.FromMicroseconds(15), MultifdZstdImagePageBytes = 1600 };
        var zstd = new MultifdParameters { Channels = 4, Compression = MultifdCompression.Zstd, CompressedProgramPageBytes = 30, CompressedZeroPageBytes = 1 };
        var input = Input("zstd256", 256L << 20, new UniformWorkloadSpec(16384, 5000), double.PositiveInfinity);
        input = input with { Host = input.Host with { Qemu = qemu }, Parameters = input.Parameters with { Multifd = zstd } };
        var capture = Capture(input, 0, new Random(5), truth);
        // 7.2 counts full pages, so the image's compressed size is not seen: the start's value stays
        var start = Truth with { Qemu = qemu, SetupTime = SimTime.FromMilliseconds(9), MultifdZstdImagePageBytes = imageSeen ? null : 1600 };

        var c = Calibrator.Fit([capture], start, []);

        // 10.0 counts the compressed packet, so the image's compressed size is fitted; 7.2 counts full pages and
        // never sees it, so the start's value stays exactly (the whole profile equality below checks that too).
        if (imageSeen) Assert.InRange(c.Profile.MultifdZstdImagePageBytes!.Value, 1600 * 0.98, 1600 * 1.02);
        else Assert.Equal(1600, c.Profile.MultifdZstdImagePageBytes);
        Assert.InRange(c.Profile.MultifdZstdPageTime.Nanoseconds, 15_000 * 0.97, 15_000 * 1.03);
        Assert.Equal(start with { MultifdZstdPageTime = c.Profile.MultifdZstdPageTime, MultifdZstdImagePageBytes = c.Profile.MultifdZstdImagePageBytes }, c.Profile);
    }

    [Fact]
    public void A_subset_refits_a_key_the_start_fitted_from_plain_captures_only()
    {
        var rng = new Random(6);
        SimulationInput WithMultifd(SimulationInput i) => i with { Parameters = i.Parameters with { Multifd = new MultifdParameters { Channels = 4 } } };
        var multifd1 = Capture(WithMultifd(Input("m1", 256L << 20, new UniformWorkloadSpec(16384, 5000), double.PositiveInfinity)), 0, rng);
        var multifd2 = Capture(WithMultifd(Input("m2", 256L << 20, new UniformWorkloadSpec(8192, 5000), double.PositiveInfinity)), 0, rng);
        var plain = Capture(Input("p", 256L << 20, new UniformWorkloadSpec(16384, 5000), double.PositiveInfinity), 0, rng);
        var start = Truth with { SetupTime = SimTime.FromMilliseconds(9) };

        var kept = Calibrator.Fit([multifd1], start, []);

        Assert.Equal(9, kept.Profile.SetupTime.Milliseconds, 6);
        Assert.Equal(start.ImageReusableBytes, kept.Profile.ImageReusableBytes);
        Assert.Contains(kept.Notes, n => n.StartsWith("1 captures with features on (precopy+multifd) fit only their features' constants", StringComparison.Ordinal));
        Assert.Equal(9, Calibrator.Fit([multifd1, multifd2], start, []).Profile.SetupTime.Milliseconds, 6);
        var unfitted = Calibrator.Fit([multifd1], start, ["setup-time"]);                                  // the start had not fitted it
        Assert.Contains("setup-time", unfitted.UnfittedKeys);
        Assert.Equal(3, Calibrator.Fit([plain], start, []).Profile.SetupTime.Milliseconds, 2);           // a session's control
    }

    /// <summary>Unlimited-bandwidth precopy captures of different zero-page shares (idle guests send mostly zero pages, writers full ones), and one rate-limited idle capture.</summary>
    private static List<MeasuredMigration> ZeroPageSet(HostProfile host, double noise)
    {
        var rng = new Random(5);
        const long MiB = 1 << 20;
        double unlimited = double.PositiveInfinity;
        return
        [
            Capture(Input("u-idle256", 256 * MiB, new IdleWorkloadSpec(), unlimited), noise, rng, host),
            Capture(Input("u-idle1024", 1024 * MiB, new IdleWorkloadSpec(), unlimited), noise, rng, host),
            Capture(Input("u-uniform256", 256 * MiB, new UniformWorkloadSpec(32768, 5000), unlimited), noise, rng, host),
            Capture(Input("u-uniform512", 512 * MiB, new UniformWorkloadSpec(98304, 5000), unlimited), noise, rng, host),
            Capture(Input("idle512", 512 * MiB, new IdleWorkloadSpec(), 128 * MiB), noise, rng, host),
        ];
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(3.0)]
    public void A_zero_page_time_is_told_from_the_link_speed_when_the_captures_show_one(double zeroMicroseconds)
    {
        var host = Truth with { ZeroPageTime = SimTime.FromMicroseconds(zeroMicroseconds) };
        var c = Calibrator.Fit(ZeroPageSet(host, 0.01));
        var set = ZeroPageSet(host, 0.01);
        Assert.True(Math.Abs(c.Profile.ZeroPageTime.Nanoseconds / 1000.0 / zeroMicroseconds - 1) <= 0.15 && Math.Abs(c.Profile.EffectiveBandwidthBytesPerSecond!.Value / 600e6 - 1) <= 0.15, string.Join("\n", c.Notes) + string.Join("\n", set.Select(t => $"ROW {t.Name} total={t.TotalTimeMs} dup={t.Duplicate} pre={t.PrecopyBytes} down={t.DowntimeMs} setup={t.SetupTimeMs} last={t.Samples.LastOrDefault(x => x.Status == "active")} n={t.Samples.Count}")));
        Assert.InRange(c.Profile.EffectiveBandwidthBytesPerSecond!.Value, 600e6 * 0.85, 600e6 * 1.15);
        Assert.DoesNotContain("zero-page-time", c.UnfittedKeys);
        Assert.Contains(c.Notes, n => n.Contains("zero-page-time", StringComparison.Ordinal) && n.Contains("F ", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_zero_page_time_the_fit_keeps_it_at_zero_and_says_why()
    {
        var c = Calibrator.Fit(ZeroPageSet(Truth, 0.01));
        Assert.True(!c.UnfittedKeys.Contains("zero-page-time"), string.Join("\n", c.Notes));
        Assert.Equal(SimTime.Zero, c.Profile.ZeroPageTime);
        Assert.DoesNotContain("zero-page-time", c.UnfittedKeys);
        Assert.Contains(c.Notes, n => n.StartsWith("zero-page-time 0", StringComparison.Ordinal));
        Assert.InRange(c.Profile.EffectiveBandwidthBytesPerSecond!.Value, 600e6 * 0.95, 600e6 * 1.05);
    }

    [Fact]
    public void Too_few_unlimited_captures_leave_the_zero_page_time_unfitted()
    {
        var c = Calibrator.Fit(CalibrationSet(0)); // two unlimited-bandwidth precopy captures
        Assert.Contains("zero-page-time", c.UnfittedKeys);
        Assert.Contains(c.Notes, n => n.StartsWith("NOT FITTED zero-page-time", StringComparison.Ordinal));
    }

    [Fact]
    public void A_zero_page_time_slows_an_idle_guest_by_its_zero_pages_exactly()
    {
        // Unlimited bandwidth: the running phase grows by zero pages sent x zero-page-time, nothing else moves.
        var input = Input("idle", 256L << 20, new IdleWorkloadSpec(), double.PositiveInfinity) with { Host = Truth };
        var plain = MigrationSimulation.Run(input).Summary;
        var slow = MigrationSimulation.Run(input with { Host = Truth with { ZeroPageTime = SimTime.FromMicroseconds(10) } }).Summary;
        Assert.Equal(plain.Duplicate, slow.Duplicate);
        Assert.Equal(plain.Transferred, slow.Transferred);
        // (zero pages sent while stopped go at the stopped speed and cost no zero-page time, hence the small allowance below)
        Assert.InRange(slow.TotalTimeMs - plain.TotalTimeMs, plain.Duplicate * 0.010 * 0.97, plain.Duplicate * 0.010 * 1.001);
    }

    [Fact]
    public void Multifd_captures_fit_the_cores_and_leave_the_plain_constants_alone()
    {
        // The rate-limited multifd capture comes from a host whose set-up and stop cost more (as the
        // channels' own set-up and final sync do): were it used for the plain constants, set-up
        // time and the stop's line would move. The unlimited ones give the cores.
        var rng = new Random(5);
        var multifdHost = Truth with { MultifdCores = 1.6 }; // 960 MB/s: below the 1.25 GB/s link, so the cores show
        static SimulationInput Multifd(SimulationInput i) => i with { Parameters = i.Parameters with { Multifd = new MultifdParameters { Channels = 4 } } };
        List<MeasuredMigration> featured =
        [
            Capture(Multifd(Input("multifd256", 256L << 20, new UniformWorkloadSpec(16384, 5000), double.PositiveInfinity)), 0, rng, multifdHost),
            Capture(Multifd(Input("multifd512", 512L << 20, new UniformWorkloadSpec(16384, 5000), double.PositiveInfinity)), 0, rng, multifdHost),
            Capture(Multifd(Input("multifd-limited", 256L << 20, new UniformWorkloadSpec(16384, 3000), 48 << 20)), 0, rng,
                multifdHost with { SetupTime = SimTime.FromMilliseconds(9), SwitchoverCost = SimTime.FromMilliseconds(40) }),
        ];
        var plain = Calibrator.Fit(CalibrationSet(0));
        var both = Calibrator.Fit([.. CalibrationSet(0), .. featured]);
        Assert.Equal(plain.Profile with { MultifdCores = both.Profile.MultifdCores }, both.Profile);
        Assert.InRange(both.Profile.MultifdCores, 1.6 * 0.95, 1.6 * 1.05);
        Assert.Contains(both.Notes, n => n.StartsWith("3 captures with features on (precopy+multifd)", StringComparison.Ordinal));
        // Only feature captures, refitting a given profile: the cores are fitted, every plain constant kept.
        var refit = Calibrator.Fit(featured, plain.Profile, []);
        Assert.Equal(plain.Profile with { MultifdCores = refit.Profile.MultifdCores }, refit.Profile);
        Assert.InRange(refit.Profile.MultifdCores, 1.6 * 0.95, 1.6 * 1.05);
    }

    [Fact]
    public void The_image_density_is_read_off_the_first_pass_polls_where_normal_pages_went_out()
    {
        var idle = Capture(Input("idle256", 256L << 20, new IdleWorkloadSpec(), 64 << 20), 0, new Random(1));
        // Pass 1 polls as (normal, zero) steps: (1000, 0) (1000, 500) (0, 2500) (1000, 600): 3000 normal pages with
        // 0 + 500 + 600 zero pages among them, 2500 in a run; the second pass is not read.
        MigrationSample Poll(long normal, long zero, long sync = 1) => new() { Status = MigrationStatus.Active, Normal = normal, Duplicate = zero, DirtySyncCount = sync };
        var t = idle with { Samples = [Poll(1000, 0), Poll(2000, 500), Poll(2000, 3000), Poll(3000, 3600), Poll(3500, 9000, sync: 2)] };
        var (density, note) = Calibrator.MeasureImageDensity([t, t]);
        Assert.Equal(3000.0 / 4100, density!.Value, 12);
        Assert.Contains("6000 normal pages with 2200 zero pages among them (polls where normal pages went out) and 5000 in runs of zero pages", note, StringComparison.Ordinal);
        Assert.Null(Calibrator.MeasureImageDensity([idle with { Samples = [Poll(0, 100), Poll(0, 900)] }]).Density);
    }

    [Fact]
    public void The_top_block_is_bounded_by_the_pages_left_at_the_first_passs_last_poll_less_the_zero_pages_after_it()
    {
        var idle = Capture(Input("idle256", 256L << 20, new IdleWorkloadSpec(), 64 << 20), 0, new Random(1));
        MigrationSample Poll(long remainingPages, long zero, long sync = 1) =>
            new() { Status = MigrationStatus.Active, Remaining = remainingPages * 4096, Duplicate = zero, DirtySyncCount = sync };
        // Last first-pass poll: 3000 pages to go; 215 more zero pages came after it: at least 2785 of the 65,536 hold data.
        var early = idle with { Samples = [Poll(40000, 100), Poll(3000, 9000), Poll(0, 9215, sync: 3)] };
        // Polled later, a capture bounds the block less closely (1000 pages less 215): the largest bound wins.
        var late = idle with { Samples = [Poll(1000, 9000), Poll(0, 9215, sync: 3)] };
        var (share, note) = Calibrator.MeasureImageTop([late, early]);
        Assert.Equal(2785.0 / 65536, share!.Value, 12);
        Assert.Contains("2785 of the last 3000 pages", note, StringComparison.Ordinal);
        Assert.Null(Calibrator.MeasureImageTop([idle with { Samples = [Poll(0, 100, sync: 2)] }]).Share);
    }

    [Fact]
    public void Without_a_zero_page_time_the_image_density_stays_1_and_counts_as_fitted()
    {
        var c = Calibrator.Fit(CalibrationSet(0));
        Assert.Equal(1, c.Profile.ImageDensity);
        Assert.DoesNotContain("image-density", c.UnfittedKeys);
        Assert.Contains(c.Notes, n => n.StartsWith("image-density 1: with no zero-page time", StringComparison.Ordinal));
        Assert.Equal(0, c.Profile.ImageTopShare);
        Assert.DoesNotContain("image-top-share", c.UnfittedKeys);
        Assert.Contains(c.Notes, n => n.StartsWith("image-top-share 0: with no zero-page time", StringComparison.Ordinal));
    }
}
