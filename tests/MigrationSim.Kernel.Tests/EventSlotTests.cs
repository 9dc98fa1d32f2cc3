using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Kernel;

namespace MigrationSim.Kernel.Tests;

/// <summary>
/// An <see cref="EventSlot"/> behaves as a handle cancelled and scheduled anew each time, without
/// allocating: postcopy's candidate faults moved to one and their runs must not move by a bit.
/// </summary>
public class EventSlotTests
{
    /// <summary>
    /// A random sequence of reschedules and cancels of one slot, interleaved with plain events: the
    /// slot fires exactly where the last handle of the same sequence would (same clock, same order
    /// among the plain events), and a cancelled or replaced occurrence neither fires nor moves the clock.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property A_slot_fires_where_a_fresh_handle_would(byte[] delays, bool[] cancels)
    {
        var withHandles = Run(delays, cancels, slot: false);
        var withSlot = Run(delays, cancels, slot: true);
        return withHandles.SequenceEqual(withSlot).Label($"handles [{string.Join(' ', withHandles)}] slot [{string.Join(' ', withSlot)}]");
    }

    private static List<string> Run(byte[] delays, bool[] cancels, bool slot)
    {
        var sim = new Simulator();
        var log = new List<string>();
        EventHandle? handle = null;
        EventSlot? s = null;
        void Fire() => log.Add($"slot@{sim.Now.Nanoseconds}");
        if (slot) s = sim.Slot(Fire, priority: 1);
        for (int i = 0; i < delays.Length; i++)
        {
            int step = i;
            sim.ScheduleAt(new SimTime(step * 10L), () =>
            {
                log.Add($"plain{step}@{sim.Now.Nanoseconds}");
                bool cancel = step < cancels.Length && cancels[step];
                var at = sim.Now + new SimTime(delays[step]);
                if (slot)
                {
                    if (cancel) s!.Cancel();
                    else s!.ScheduleAt(at);
                }
                else
                {
                    handle?.Cancel();
                    handle = cancel ? null : sim.ScheduleAt(at, Fire, priority: 1);
                }
            }, priority: 0);
        }
        sim.Run();
        log.Add($"end@{sim.Now.Nanoseconds}");
        return log;
    }

    [Fact]
    public void A_cancelled_slot_does_not_fire_or_move_the_clock()
    {
        var sim = new Simulator();
        int fired = 0;
        var s = sim.Slot(() => fired++);
        s.ScheduleAt(new SimTime(1_000));
        s.Cancel();
        sim.ScheduleAt(new SimTime(5), () => { });
        sim.Run();
        Assert.Equal(0, fired);
        Assert.Equal(5, sim.Now.Nanoseconds);
        Assert.False(s.IsPending);
    }

    [Fact]
    public void Rescheduling_a_slot_allocates_nothing_once_the_queue_has_grown()
    {
        var sim = new Simulator();
        int fired = 0;
        EventSlot s = null!;
        s = sim.Slot(() => { if (++fired < 100_000) s.ScheduleAt(sim.Now + new SimTime(3)); });
        s.ScheduleAt(SimTime.Zero);
        for (int i = 0; i < 1_000; i++) sim.Step(); // warm up: queue arrays sized, methods compiled
        long before = GC.GetAllocatedBytesForCurrentThread();
        sim.Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(100_000, fired);
        Assert.True(allocated < 1_024, $"{allocated} bytes allocated for {fired - 1_000} reschedules");
    }
}
