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
    private static MeasuredMigration Capture(SimulationInput input, double noise, Random rng)
    {
        var r = MigrationSimulation.Run(input with { Host = Truth });
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
}
