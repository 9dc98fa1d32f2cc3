using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Kernel;

namespace MigrationSim.Kernel.Tests;

/// <summary>
/// Payload events (<see cref="Simulator.ScheduleAt(SimTime, Action{long}, long, int)"/>) take their
/// place among closure events exactly as closures scheduled at the same moment would: the postcopy
/// model switched to them and its results must not move by a bit.
/// </summary>
public class PayloadEventTests
{
    // One scheduled event of a random plan: when, at which priority, as a payload event or a closure,
    // cancelled or not (closures only), and how many events it schedules when it fires (0-2, at small delays).
    public readonly record struct Planned(byte Time, sbyte Priority, bool AsPayload, bool Cancel, byte Children);

    /// <summary>
    /// The same plan run twice, once with every event a closure and once with the marked ones as
    /// payload events: the firing order (and the clock at each firing) is the same, and it is the
    /// order of (time, priority, schedule order) that a plain sort of the plan gives.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Payload_events_fire_where_closures_would(Planned[] plan)
    {
        var withClosures = Run(plan, payloads: false);
        var mixed = Run(plan, payloads: true);
        bool same = withClosures.SequenceEqual(mixed);
        return same.Label($"closures [{string.Join(' ', withClosures)}] mixed [{string.Join(' ', mixed)}]");
    }

    [Property(MaxTest = 300)]
    public Property Top_level_events_fire_in_time_priority_then_schedule_order(Planned[] plan)
    {
        // No children: the order is exactly a stable sort of the plan by (time, priority), cancelled closures left out.
        var flat = plan.Select(p => p with { Children = 0 }).ToArray();
        var fired = Run(flat, payloads: true).Select(f => (int)(f.Id)).ToList();
        var expected = flat.Select((p, i) => (p, i))
            .Where(x => x.p.AsPayload || !x.p.Cancel)
            .OrderBy(x => x.p.Time).ThenBy(x => x.p.Priority).ThenBy(x => x.i)
            .Select(x => x.i).ToList();
        return fired.SequenceEqual(expected).Label($"fired [{string.Join(' ', fired)}] expected [{string.Join(' ', expected)}]");
    }

    [Fact]
    public void A_payload_event_passes_its_payload_and_counts_as_fired()
    {
        var sim = new Simulator();
        var got = new List<(long Payload, long Now)>();
        Action<long> record = p => got.Add((p, sim.Now.Nanoseconds));
        sim.ScheduleAt(new SimTime(20), record, long.MaxValue);
        sim.ScheduleAt(new SimTime(10), record, -7);
        Assert.Equal(2, sim.Pending);
        Assert.Equal(new SimTime(10), sim.Peek());
        sim.Run();
        Assert.Equal([(-7L, 10L), (long.MaxValue, 20L)], got);
        Assert.Equal(2, sim.Fired);
        Assert.Equal(0, sim.Pending);
    }

    [Fact]
    public void A_payload_event_in_the_past_is_refused()
    {
        var sim = new Simulator();
        sim.ScheduleAt(new SimTime(100), () => { });
        sim.Run();
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.ScheduleAt(new SimTime(99), _ => { }, 1));
        Assert.Throws<ArgumentNullException>(() => sim.ScheduleAt(new SimTime(100), (Action<long>)null!, 1));
    }

    [Fact]
    public void A_cancelled_closure_at_the_head_is_skipped_before_a_payload_event()
    {
        var sim = new Simulator();
        var fired = new List<string>();
        var h = sim.ScheduleAt(new SimTime(5), () => fired.Add("cancelled"));
        sim.ScheduleAt(new SimTime(6), p => fired.Add("payload " + p), 3);
        h.Cancel();
        Assert.Equal(new SimTime(6), sim.Peek());
        sim.Run();
        Assert.Equal(["payload 3"], fired);
        Assert.Equal(1, sim.Fired);
    }

    // Runs the plan; returns (event id, clock) in firing order. Ids: the plan's index for top-level
    // events, 1000 x (parent id + 1) + child number for the events they schedule.
    private static List<(long Id, long Now)> Run(Planned[] plan, bool payloads)
    {
        var sim = new Simulator();
        var fired = new List<(long Id, long Now)>();
        Action<long>? onPayload = null;
        void Fire(long id)
        {
            fired.Add((id, sim.Now.Nanoseconds));
            if (id >= plan.Length || fired.Count > 2000) return;
            var p = plan[id];
            for (int c = 0; c < p.Children % 3; c++)
            {
                long child = 1000 * (id + 1) + c;
                var at = sim.Now + new SimTime((p.Time + c) % 3);
                // children alternate between the two kinds in the mixed run
                if (payloads && (c + id) % 2 == 0) sim.ScheduleAt(at, onPayload!, child, p.Priority);
                else sim.ScheduleAt(at, () => Fire(child), p.Priority);
            }
        }
        onPayload = Fire;
        var handles = new List<EventHandle>();
        for (int i = 0; i < plan.Length; i++)
        {
            long id = i;
            var p = plan[i];
            if (payloads && p.AsPayload) sim.ScheduleAt(new SimTime(p.Time), onPayload, id, p.Priority);
            else
            {
                var h = sim.ScheduleAt(new SimTime(p.Time), () => Fire(id), p.Priority);
                if (p.Cancel && !p.AsPayload) handles.Add(h);
            }
        }
        foreach (var h in handles) h.Cancel();
        sim.Run();
        return fired;
    }
}
