using MigrationSim.Model.Migration;

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
        Assert.Equal(0.25, ac.Speed, 9);
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

    [Fact]
    public void Disabled_never_throttles()
    {
        var ac = new AutoConverge(new AutoConvergeParameters { Enabled = false });
        for (int i = 0; i < 10; i++) ac.OnPeriod(1000, 1);
        Assert.Equal(0, ac.ThrottlePercent);
    }
}
