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

    public SimTime Time { get; }

    /// <summary>Lower fires first among events at the same time.</summary>
    public int Priority { get; }

    /// <summary>Schedule order; breaks ties so equal (time, priority) events fire FIFO.</summary>
    public long Sequence { get; }

    internal Action Action { get; }

    public bool IsCancelled { get; private set; }
    public bool HasFired { get; internal set; }

    public void Cancel() => IsCancelled = true;
}
