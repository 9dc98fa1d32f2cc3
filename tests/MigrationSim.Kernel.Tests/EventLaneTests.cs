using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Kernel;

namespace MigrationSim.Kernel.Tests;

/// <summary>
/// Lanes (<see cref="Simulator.Lane"/>) are a faster path, not a different order: events scheduled
/// in a lane fire exactly where the same events scheduled with
/// <see cref="Simulator.ScheduleAt(SimTime, Action{long}, long, int)"/> fire, whether their times
/// come in order or not, at any priority, and after the lane is closed.
/// </summary>
public class EventLaneTests
{
    // One step of a random plan: schedule an event (in lane 0 or 1, or on the heap as a closure) at
    // now + delay, with the lane's or the closure's priority; or close lane 0 (from then on its events go to the heap).
    public readonly record struct Op(byte Target, byte Delay, sbyte Priority, bool CloseLane0, byte Children);

    [Property(MaxTest = 300)]
    public Property Lane_events_fire_where_payload_events_would(Op[] plan, sbyte lane0Priority, sbyte lane1Priority)
    {
        var reference = Run(plan, lane0Priority, lane1Priority, useLanes: false);
        var withLanes = Run(plan, lane0Priority, lane1Priority, useLanes: true);
        return reference.SequenceEqual(withLanes)
            .Label($"reference [{string.Join(' ', reference)}] lanes [{string.Join(' ', withLanes)}]");
    }

    [Fact]
    public void An_out_of_order_event_still_fires_in_time_order()
    {
        var sim = new Simulator();
        var fired = new List<long>();
        var lane = sim.Lane(p => fired.Add(p));
        lane.ScheduleAt(new SimTime(10), 10);
        lane.ScheduleAt(new SimTime(30), 30);
        lane.ScheduleAt(new SimTime(20), 20); // earlier than the lane's last: goes to the heap
        lane.ScheduleAt(new SimTime(30), 31);
        Assert.Equal(4, sim.Pending);
        Assert.Equal(new SimTime(10), sim.Peek());
        sim.Run();
        Assert.Equal([10L, 20L, 30L, 31L], fired);
        Assert.Equal(4, sim.Fired);
        Assert.Throws<ArgumentOutOfRangeException>(() => lane.ScheduleAt(new SimTime(29), 0));
    }

    [Fact]
    public void A_lane_grows_past_its_first_ring_and_keeps_its_order()
    {
        var sim = new Simulator();
        var fired = new List<long>();
        var lane = sim.Lane(p => fired.Add(p));
        // wrap the ring first, then overfill it
        for (int i = 0; i < 40; i++) lane.ScheduleAt(new SimTime(i), i);
        sim.RunUntil(new SimTime(29));
        for (int i = 40; i < 500; i++) lane.ScheduleAt(new SimTime(i), i);
        sim.Run();
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (long)i), fired);
    }

    // (payload, clock) in firing order. Each fired event may schedule children (so lanes and heap
    // interleave over time); ids: plan index for top-level events, 1000 x (parent + 1) + child after.
    private static List<(long Id, long Now)> Run(Op[] plan, int lane0Priority, int lane1Priority, bool useLanes)
    {
        var sim = new Simulator();
        var fired = new List<(long, long)>();
        Action<long>? fire0 = null, fire1 = null, fireHeap = null;
        EventLane? lane0 = null, lane1 = null;
        bool closed0 = false;
        void Schedule(Op op, long id, SimTime at)
        {
            switch (op.Target % 3)
            {
                case 0:
                    if (useLanes) lane0!.ScheduleAt(at, id);
                    else sim.ScheduleAt(at, fire0!, id, lane0Priority);
                    break;
                case 1:
                    if (useLanes) lane1!.ScheduleAt(at, id);
                    else sim.ScheduleAt(at, fire1!, id, lane1Priority);
                    break;
                default:
                    sim.ScheduleAt(at, () => fireHeap!(id), op.Priority);
                    break;
            }
        }
        void Fire(long id)
        {
            fired.Add((id, sim.Now.Nanoseconds));
            if (id >= plan.Length || fired.Count > 3000) return;
            var op = plan[id];
            if (op.CloseLane0 && !closed0)
            {
                closed0 = true;
                if (useLanes) lane0!.Close();
            }
            for (int c = 0; c < op.Children % 3; c++)
            {
                var child = plan[(id + c + 1) % plan.Length];
                Schedule(child, 1000 * (id + 1) + c, sim.Now + new SimTime(child.Delay % 5));
            }
        }
        fire0 = fire1 = fireHeap = Fire;
        if (useLanes)
        {
            lane0 = sim.Lane(fire0, lane0Priority);
            lane1 = sim.Lane(fire1, lane1Priority);
        }
        for (int i = 0; i < plan.Length; i++) Schedule(plan[i], i, new SimTime(plan[i].Delay % 7));
        sim.Run();
        return fired;
    }
}
