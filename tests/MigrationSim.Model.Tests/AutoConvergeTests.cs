using MigrationSim.Model.Migration;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests;

public class AutoConvergeTests
{
    [Fact]
    public void Throttle_starts_on_the_second_high_period_then_steps_up_to_the_cap()
    {
        var ac = new AutoConverge(new AutoConvergeParameters { Enabled = true, InitialPercent = 20, IncrementPercent = 30, MaxPercent = 75 });
        Assert.False(ac.OnPeriod(bytesDirtiedInPeriod: 60, bytesSentInPeriod: 100)); // first high period: counted only
        Assert.Equal(0, ac.ThrottlePercent);
        Assert.True(ac.OnPeriod(60, 100));
        Assert.Equal(20, ac.ThrottlePercent);
        Assert.False(ac.OnPeriod(40, 100)); // not above 50%: no change
        ac.OnPeriod(60, 100);
        Assert.True(ac.OnPeriod(60, 100));
        Assert.Equal(50, ac.ThrottlePercent);
        ac.OnPeriod(60, 100);
        ac.OnPeriod(60, 100);
        Assert.Equal(75, ac.ThrottlePercent); // capped at max-cpu-throttle
    }

    [Fact]
    public void Tailslow_increments_only_as_much_as_the_ideal_throttle_needs()
    {
        var ac = new AutoConverge(new AutoConvergeParameters { Enabled = true, Tailslow = true, InitialPercent = 20, IncrementPercent = 10 });
        ac.OnPeriod(60, 100);
        ac.OnPeriod(60, 100); // 20%
        ac.OnPeriod(52, 100);
        ac.OnPeriod(52, 100);
        // cpu_now 80, ideal 80 * 50/52 = 76.9 -> 76 (uint64), increment min(80 - 76, 10) = 4
        Assert.Equal(24, ac.ThrottlePercent);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(50, 0.5)]
    [InlineData(75, 0.25)]
    public void A_cpu_paced_workload_slows_in_proportion(int throttle, double factor) =>
        Assert.Equal(factor, ThrottleResponse.RateFactor(new UniformWorkloadSpec(1000, 30_000), throttle), 9);

    [Theory]
    // QEMU runs the vCPU 10 ms, then sleeps p/(1-p) x 10 ms; a clock-paced writer catches up at most 100 ms.
    [InlineData(80, 1.0)]     // 40 ms sleeps: fully caught up
    [InlineData(90, 1.0)]     // 90 ms sleeps: still within the lag
    [InlineData(99, 0.11)]    // 990 ms sleeps: (10 + 100) ms of writes per 1000 ms, as the captures showed
    public void A_clock_paced_workload_slows_only_once_sleeps_outlast_its_lag(int throttle, double factor) =>
        Assert.Equal(factor, ThrottleResponse.RateFactor(new UniformWorkloadSpec(1000, 30_000) { Pacing = Pacing.Clock, MaxLagSeconds = 0.1 }, throttle), 6);

    [Fact]
    public void A_clock_paced_workload_is_capped_by_what_a_run_can_write()
    {
        // 50% throttle: 10 ms runs every 20 ms; catching up needs 60k/s, the guest manages 40k/s
        var w = new UniformWorkloadSpec(1000, 30_000) { Pacing = Pacing.Clock, MaxRatePagesPerSecond = 40_000 };
        Assert.Equal(40_000 * 0.010 / 0.020 / 30_000, ThrottleResponse.RateFactor(w, 50), 9);
    }

    [Fact]
    public void Disabled_never_throttles()
    {
        var ac = new AutoConverge(new AutoConvergeParameters { Enabled = false });
        for (int i = 0; i < 10; i++) ac.OnPeriod(1000, 1);
        Assert.Equal(0, ac.ThrottlePercent);
    }
}
