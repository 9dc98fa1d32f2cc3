using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Workloads;

using static MigrationSim.Model.Tests.Scenarios;

namespace MigrationSim.Model.Tests;

/// <summary>
/// Where QEMU 7.2 and 10.0 differ, each difference pinned by a case that fails if the engine
/// follows the other release (or none): the threshold with avail-switchover-bandwidth, the
/// auto-converge sync timer, zero-page-detection none, dirty-limit.
/// </summary>
public class QemuBehaviourTests
{
    private static SimulationInput On(QemuVersion v, SimulationInput input) => input with { Host = input.Host with { Qemu = v } };

    [Fact]
    public void Only_modelled_releases_have_a_behaviour()
    {
        Assert.Same(QemuBehaviour.V7_2, QemuBehaviour.For(new QemuVersion(7, 2, 22)));
        Assert.Same(QemuBehaviour.V10_0, QemuBehaviour.For(new QemuVersion(10, 0, 13)));
        Assert.Contains("is not modelled", Assert.Throws<ArgumentException>(() => QemuBehaviour.For(new QemuVersion(8, 2))).Message);
    }

    [Theory]
    [InlineData(64, 6_829_056)]   // 51.1 blocks of 32 x 4104 B: the 52nd is the first past the budget (the 10.0 captures: 6,829,074 B a window)
    [InlineData(32, 3_414_528)]   // 25.5 -> 26 blocks (captured: 3,414,546)
    [InlineData(16, 1_707_264)]   // 12.8 -> 13 blocks (captured: 1,707,282)
    public void A_10_0_window_ends_at_the_first_flushed_block_past_its_budget(int maxMiBPerSecond, double expectedBytes)
    {
        var limiter = new Network.RateLimiter(maxMiBPerSecond * MiB, flushBytes: 32 * 4104);
        Assert.Equal(expectedBytes, limiter.WindowLimitBytes, 6);
        Assert.Equal(maxMiBPerSecond * MiB / 10, new Network.RateLimiter(maxMiBPerSecond * MiB).WindowLimitBytes, 6);
        // used > max: a budget of exactly k blocks still lets the (k+1)th go.
        Assert.Equal(3 * 1000.0, new Network.RateLimiter(20_000, flushBytes: 1000).WindowLimitBytes, 9);
        Assert.True(double.IsPositiveInfinity(new Network.RateLimiter(double.PositiveInfinity, flushBytes: 1000).WindowLimitBytes));
    }

    [Fact]
    public void Only_10_0_windows_carry_whole_flushed_blocks()
    {
        // 64 MiB/s: 7.2 counts each page as it is queued, so its windows stop within a page of 6,710,886 B;
        // 10.0 counts at qemu_fflush (32 pages of 4104 B), so its full windows carry 6,829,056 B.
        static List<double> FullWindows(QemuVersion v)
        {
            var input = Make(512L << 20, new UniformWorkloadSpec(32_768, 5_000), maxBandwidth: 64 * MiB);
            input = input with { Host = input.Host with { Qemu = v } };
            var windows = new List<WindowInfo>();
            MigrationSimulation.Run(input, m => m.WindowClosed += windows.Add);
            return windows.Where(w => w.Bytes > 6.5e6).Select(w => w.Bytes).ToList();
        }
        var v72 = FullWindows(QemuVersion.V7_2);
        var v10 = FullWindows(QemuVersion.V10_0);
        Assert.True(v72.Count >= 10 && v10.Count >= 10, $"{v72.Count} and {v10.Count} full windows");
        Assert.All(v72, b => Assert.InRange(b, 64 * MiB / 10, 64 * MiB / 10 + 4104));
        Assert.All(v10, b => Assert.InRange(b, 6_829_056 - 1, 6_829_056 + 4104));
    }

    [Fact]
    public void Avail_switchover_bandwidth_sets_the_threshold_and_7_2_refuses_it()
    {
        // 256 MiB of data at 32 MiB/s: with the measured bandwidth the guest stops only when the
        // bulk pass is nearly done (~8 s). With 10 GiB/s assumed for the switchover, the threshold
        // is 3 GiB from the first window on: the first check after it syncs and stops.
        var input = Scenarios.Make(256L << 20, new IdleWorkloadSpec(), 32 * Scenarios.MiB, residentBytes: 256L << 20);
        var avail = input with { Parameters = input.Parameters with { AvailSwitchoverBandwidthBytesPerSecond = 10.0 * Scenarios.GiB } };

        var measured = MigrationSimulation.Run(On(QemuVersion.V10_0, input)).Summary;
        var assumed = MigrationSimulation.Run(On(QemuVersion.V10_0, avail)).Summary;

        Assert.True(measured.TotalTimeMs > 7000, $"measured: {measured.TotalTimeMs} ms");
        Assert.True(assumed.TotalTimeMs < 200 + 10 + 5 + 1000 * (256.0 / 1200), $"assumed: {assumed.TotalTimeMs} ms");
        Assert.Equal((long)(10.0 * Scenarios.GiB * 0.3), assumed.ThresholdAtStopBytes);
        Assert.Contains("needs QEMU 8.2", Assert.Throws<ArgumentException>(() => MigrationSimulation.Run(On(QemuVersion.V7_2, avail))).Message);
    }

    [Fact]
    public void With_auto_converge_10_0_syncs_on_its_5_s_timer_when_a_pass_outlasts_it()
    {
        // 1 GiB at 32 MiB/s: the second pass (over what the writer dirtied in the 32 s bulk pass)
        // takes far longer than 5 s. 7.2 syncs only when a pass ends; 10.0's timer syncs at the
        // first 5 s tick that saw no sync since the previous one.
        var input = Scenarios.Make(1L << 30, new UniformWorkloadSpec(200_000, 6000), 32 * Scenarios.MiB,
            autoConverge: new AutoConvergeParameters { Enabled = true }, maxTimeSeconds: 60, residentBytes: 200L << 20);

        var old = MigrationSimulation.Run(On(QemuVersion.V7_2, input));
        var now = MigrationSimulation.Run(On(QemuVersion.V10_0, input));

        static double LongestGapS(IReadOnlyList<Results.IterationRecord> its) =>
            its.Skip(1).Select(i => (i.EndMs - i.StartMs) / 1000).DefaultIfEmpty(0).Max();
        Assert.True(LongestGapS(old.Iterations) > 10, $"7.2 longest pass after the bulk one {LongestGapS(old.Iterations)} s");
        // a timer sync can come no later than two ticks after the last sync, plus the thread's wake-up delay
        Assert.True(LongestGapS(now.Iterations.Take(now.Iterations.Count - 1).ToList()) <= 10.1, $"10.0 longest pass {LongestGapS(now.Iterations)} s");
        Assert.True(now.Summary.DirtySyncCount > old.Summary.DirtySyncCount);
        // the timer's syncs fall on its 5 s grid from the migration's start (within one window)
        Assert.Contains(now.Iterations.Skip(2), i => i.StartMs % 5000 < 110);
    }

    [Fact]
    public void Zero_page_detection_none_sends_every_page_in_full()
    {
        var input = Scenarios.Make(64L << 20, new IdleWorkloadSpec(), double.PositiveInfinity);
        var none = input with { Parameters = input.Parameters with { ZeroPageDetection = ZeroPageDetection.None } };

        var s = MigrationSimulation.Run(On(QemuVersion.V10_0, none)).Summary;

        Assert.Equal(0, s.Duplicate);
        Assert.Equal(16384 * (4096 + 8), s.Transferred);
        Assert.Equal(16384 * 9, MigrationSimulation.Run(On(QemuVersion.V10_0, input)).Summary.Transferred);
    }

    [Fact]
    public void Dirty_limit_caps_the_writer_once_the_trigger_fires_twice()
    {
        // 20k pages/s (78 MiB/s) against 32 MiB/s never converges; a 1 MiB/s quota (256 pages/s) does.
        var input = Scenarios.Make(512L << 20, new UniformWorkloadSpec(16384, 20_000), 32 * Scenarios.MiB, maxTimeSeconds: 120);
        var limited = input with { Parameters = input.Parameters with { DirtyLimit = new DirtyLimitParameters() } };

        Assert.False(MigrationSimulation.Run(On(QemuVersion.V10_0, input)).Summary.Converged);
        var s = MigrationSimulation.Run(On(QemuVersion.V10_0, limited)).Summary;
        Assert.True(s.Converged);
        Assert.Equal(99, s.CpuThrottlePercentage);
        Assert.Equal(99, new DirtyLimit(new DirtyLimitParameters(), 50).ThrottlePercentFor(20_000, 4096));
        Assert.Equal(0, new DirtyLimit(new DirtyLimitParameters(), 50).ThrottlePercentFor(200, 4096));
    }
}
