namespace MigrationSim.Kernel;

/// <summary>
/// A scheduled event. Cancelling only marks it; the simulator skips it when it reaches the
/// head of the queue (as ns-3 does), so cancellation is O(1).
/// </summary>
public sealed class EventHandle
{
    internal EventHandle(SimTime time, int priority, long sequence, Action action)
    {
        Time = time;
        Priority = priority;
        Sequence = sequence;
        Action = action;
    }

    /// <summary>When the event fires.</summary>
    public SimTime Time { get; }

    /// <summary>Lower fires first among events at the same time.</summary>
    public int Priority { get; }

    /// <summary>Schedule order; breaks ties so equal (time, priority) events fire FIFO.</summary>
    public long Sequence { get; }

    internal Action Action { get; }

    /// <summary>Cancelled: it will never fire (it may still be counted in <see cref="Simulator.Pending"/> until skipped).</summary>
    public bool IsCancelled { get; private set; }

    /// <summary>It has fired (then cancelling it has no effect).</summary>
    public bool HasFired { get; internal set; }

    /// <summary>Makes sure the event never fires; idempotent, O(1).</summary>
    public void Cancel() => IsCancelled = true;
}
