using MigrationSim.Kernel;

namespace MigrationSim.Kernel.Tests;

public class ProcessTests
{
    [Fact]
    public void A_process_resumes_after_each_delay_and_costs_one_event_per_wait()
    {
        var sim = new Simulator();
        var seen = new List<long>();
        IEnumerable<Wait> Body()
        {
            seen.Add(sim.Now.Nanoseconds);
            yield return sim.Delay(new SimTime(10));
            seen.Add(sim.Now.Nanoseconds);
            yield return sim.Until(new SimTime(1_000_000));
            seen.Add(sim.Now.Nanoseconds);
        }
        var p = sim.Start(Body());
        sim.Run();
        Assert.Equal([0, 10, 1_000_000], seen);
        Assert.False(p.IsAlive);
        Assert.True(p.Done.IsTriggered);
        Assert.Equal(3, sim.Fired);
    }

    [Fact]
    public void Waiting_processes_resume_when_the_signal_triggers_in_the_order_they_waited()
    {
        var sim = new Simulator();
        var signal = new Signal(sim);
        var order = new List<string>();
        IEnumerable<Wait> Waiter(string name)
        {
            yield return signal;
            order.Add($"{name}@{sim.Now.Nanoseconds}");
        }
        sim.Start(Waiter("a"));
        sim.Start(Waiter("b"));
        sim.ScheduleAt(new SimTime(50), signal.Trigger);
        sim.Run();
        Assert.Equal(["a@50", "b@50"], order);
        Assert.Equal(new SimTime(50), signal.TriggeredAt);
    }

    [Fact]
    public void A_stopped_process_never_runs_again()
    {
        var sim = new Simulator();
        int steps = 0;
        IEnumerable<Wait> Body()
        {
            while (true)
            {
                steps++;
                yield return sim.Delay(new SimTime(100));
            }
        }
        var p = sim.Start(Body());
        sim.ScheduleAt(new SimTime(250), p.Stop);
        sim.Run();
        Assert.Equal(3, steps); // at 0, 100, 200
        Assert.False(p.IsAlive);
        Assert.Equal(new SimTime(250), p.Done.TriggeredAt);
    }

    [Fact]
    public void A_process_that_yields_null_is_an_error()
    {
        var sim = new Simulator();
        IEnumerable<Wait> Body() { yield return null!; }
        sim.Start(Body());
        Assert.Throws<InvalidOperationException>(() => sim.Run());
    }
}

public class TimerTests
{
    [Fact]
    public void A_timer_moved_while_waiting_wakes_its_process_once_at_the_last_time()
    {
        var sim = new Simulator();
        var t = sim.Timer(new SimTime(100));
        var woke = new List<long>();
        IEnumerable<Wait> Body()
        {
            yield return t;
            woke.Add(sim.Now.Nanoseconds);
        }
        sim.Start(Body());
        sim.ScheduleAt(new SimTime(50), () => t.Reschedule(new SimTime(300)));
        sim.ScheduleAt(new SimTime(60), () => t.Reschedule(new SimTime(200)));
        sim.Run();
        Assert.Equal([200], woke);
    }

    [Fact]
    public void Moving_a_timer_that_already_fired_does_not_touch_the_process_s_next_wait()
    {
        var sim = new Simulator();
        var t = sim.Timer(new SimTime(10));
        var woke = new List<long>();
        IEnumerable<Wait> Body()
        {
            yield return t;
            woke.Add(sim.Now.Nanoseconds);
            yield return sim.Delay(new SimTime(100));
            woke.Add(sim.Now.Nanoseconds);
        }
        sim.Start(Body());
        sim.ScheduleAt(new SimTime(20), () => t.Reschedule(new SimTime(500)));
        sim.Run();
        Assert.Equal([10, 110], woke);
    }
}
