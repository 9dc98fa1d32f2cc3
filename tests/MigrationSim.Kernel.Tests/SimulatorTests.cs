using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Kernel;

namespace MigrationSim.Kernel.Tests;

public class SimulatorTests
{
    [Fact]
    public void Equal_time_events_fire_in_schedule_order()
    {
        var sim = new Simulator();
        var fired = new List<int>();
        for (int i = 0; i < 50; i++)
        {
            int id = i;
            sim.ScheduleAt(new SimTime(1000), () => fired.Add(id));
        }
        sim.Run();
        Assert.Equal(Enumerable.Range(0, 50), fired);
    }

    [Fact]
    public void Priority_orders_events_at_the_same_time_before_sequence()
    {
        var sim = new Simulator();
        var fired = new List<string>();
        sim.ScheduleAt(new SimTime(5), () => fired.Add("late-prio"), priority: 10);
        sim.ScheduleAt(new SimTime(5), () => fired.Add("early-prio"), priority: -1);
        sim.ScheduleAt(new SimTime(4), () => fired.Add("earlier-time"), priority: 100);
        sim.Run();
        Assert.Equal(["earlier-time", "early-prio", "late-prio"], fired);
    }

    [Property(MaxTest = 200)]
    public Property Clock_never_goes_back_and_events_fire_in_time_order(int[] delays)
    {
        var sim = new Simulator();
        var seen = new List<(long Time, long Now)>();
        foreach (int d in delays)
        {
            long t = Math.Abs((long)d) % 10_000;
            sim.ScheduleAt(new SimTime(t), () =>
            {
                seen.Add((t, sim.Now.Nanoseconds));
                // events that schedule more events, some at the current instant
                if (seen.Count < 500) sim.ScheduleIn(new SimTime(t % 3), () => seen.Add((-1, sim.Now.Nanoseconds)));
            });
        }
        sim.Run();
        var nows = seen.Select(s => s.Now).ToList();
        bool monotone = nows.Zip(nows.Skip(1), (a, b) => a <= b).All(x => x);
        bool onTime = seen.Where(s => s.Time >= 0).All(s => s.Time == s.Now);
        return (monotone && onTime).Label($"monotone={monotone} onTime={onTime}");
    }

    [Property(MaxTest = 200)]
    public Property Cancelled_events_never_fire(bool[] cancel)
    {
        var sim = new Simulator();
        var fired = new HashSet<int>();
        var handles = new List<EventHandle>();
        for (int i = 0; i < cancel.Length; i++)
        {
            int id = i;
            handles.Add(sim.ScheduleAt(new SimTime(i % 7), () => fired.Add(id)));
        }
        for (int i = 0; i < cancel.Length; i++)
            if (cancel[i]) handles[i].Cancel();
        sim.Run();
        var expected = Enumerable.Range(0, cancel.Length).Where(i => !cancel[i]).ToHashSet();
        return fired.SetEquals(expected).Label($"fired {fired.Count}, expected {expected.Count}");
    }

    [Fact]
    public void An_event_can_cancel_a_later_event_at_the_same_time()
    {
        var sim = new Simulator();
        bool secondFired = false;
        EventHandle? second = null;
        sim.ScheduleAt(new SimTime(10), () => second!.Cancel());
        second = sim.ScheduleAt(new SimTime(10), () => secondFired = true);
        sim.Run();
        Assert.False(secondFired);
        Assert.True(second.IsCancelled);
    }

    [Fact]
    public void RunUntil_fires_events_up_to_and_including_the_bound_and_sets_the_clock()
    {
        var sim = new Simulator();
        var fired = new List<long>();
        foreach (long t in new long[] { 5, 10, 15 })
            sim.ScheduleAt(new SimTime(t), () => fired.Add(t));
        sim.RunUntil(new SimTime(10));
        Assert.Equal([5L, 10L], fired);
        Assert.Equal(new SimTime(10), sim.Now);
        Assert.Equal(new SimTime(15), sim.Peek());
        sim.RunUntil(new SimTime(12));
        Assert.Equal(new SimTime(12), sim.Now);
        Assert.Equal(2, fired.Count);
    }

    [Fact]
    public void Scheduling_in_the_past_is_refused()
    {
        var sim = new Simulator();
        sim.ScheduleAt(new SimTime(100), () => { });
        sim.Run();
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.ScheduleAt(new SimTime(99), () => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.ScheduleIn(new SimTime(-1), () => { }));
    }

    [Fact]
    public void SimTime_prints_with_a_unit_for_its_magnitude()
    {
        Assert.Equal("300 ms", SimTime.FromMilliseconds(300).ToString());
        Assert.Equal("2.500 s", SimTime.FromSeconds(2.5).ToString());
        Assert.Equal("100 us", SimTime.FromMicroseconds(100).ToString());
        Assert.Equal("15 ns", new SimTime(15).ToString());
    }
}
