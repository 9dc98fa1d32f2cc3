namespace MigrationSim.Kernel;

/// <summary>
/// One event that is scheduled, moved and cancelled again and again without allocating: a model
/// that always has at most one pending occurrence of something (the next candidate fault of a
/// postcopy guest, tens of millions of them in a long run) keeps a slot instead of taking a new
/// <see cref="EventHandle"/> each time. Scheduling it again replaces the pending occurrence; a
/// replaced or cancelled occurrence is skipped like a cancelled handle and never fires.
/// </summary>
public sealed class EventSlot
{
    private readonly Simulator _sim;

    internal EventSlot(Simulator sim, Action action, int priority)
    {
        _sim = sim;
        Action = action;
        Priority = priority;
    }

    internal Action Action { get; }

    /// <summary>Priority of every occurrence (lower fires first among equal times).</summary>
    public int Priority { get; }

    /// <summary>The occurrence now pending; entries in the queue with another generation are stale.</summary>
    internal long Generation { get; private set; }

    /// <summary>True while an occurrence is pending.</summary>
    public bool IsPending { get; private set; }

    /// <summary>Fires the action at <paramref name="time"/> (not before now), replacing any pending occurrence.</summary>
    public void ScheduleAt(SimTime time)
    {
        Generation++;
        IsPending = true;
        _sim.EnqueueSlot(time, this, Generation);
    }

    /// <summary>Drops the pending occurrence, if any.</summary>
    public void Cancel()
    {
        if (!IsPending) return;
        Generation++;
        IsPending = false;
    }

    /// <summary>The queue reached an entry of this slot: true (and no longer pending) when it is the current occurrence.</summary>
    internal bool Fires(long generation)
    {
        if (IsStale(generation)) return false;
        IsPending = false;
        return true;
    }

    /// <summary>An entry of this slot with <paramref name="generation"/> was replaced or cancelled.</summary>
    internal bool IsStale(long generation) => !IsPending || generation != Generation;
}
