namespace MigrationSim.Kernel;

/// <summary>
/// The key of one entry of the <see cref="EventQueue"/> and the slot holding what it fires. No
/// references: moving entries about the heap costs no GC write barriers (with the target inline,
/// they cost more than the comparisons).
/// </summary>
internal struct QueuedEvent
{
    /// <summary>Firing time, ns.</summary>
    public long Time;

    /// <summary>Schedule order, unique: breaks ties so equal (time, priority) events fire FIFO.</summary>
    public long Sequence;

    /// <summary>Lower fires first among equal times.</summary>
    public int Priority;

    /// <summary>Where the queue keeps the event's target and payload.</summary>
    public int Slot;
}
