namespace MigrationSim.Model.Results;

/// <summary>
/// One precopy iteration: from a dirty-bitmap sync to the next. Iteration 1 starts at the setup
/// sync (the bulk pass); QEMU's dirty-sync-count equals <see cref="Iteration"/> during it.
/// </summary>
public sealed record IterationRecord
{
    /// <summary>1-based iteration number (dirty-sync-count during it).</summary>
    public int Iteration { get; init; }
    /// <summary>Start (its sync), ms since migrate.</summary>
    public double StartMs { get; init; }
    /// <summary>End (the next sync), ms since migrate.</summary>
    public double EndMs { get; init; }

    /// <summary>Pages in the migration bitmap right after the sync (what this iteration must send).</summary>
    public long DirtyPagesAtSync { get; init; }

    /// <summary>Pages the sync added to the migration bitmap (written since the previous sync, not already pending).</summary>
    public long NewlyDirtyPages { get; init; }

    /// <summary>Bytes sent during the iteration.</summary>
    public long BytesSent { get; init; }

    /// <summary>Newly dirty pages over the previous iteration's length, pages/s.</summary>
    public double DirtyRatePagesPerSecond { get; init; }

    /// <summary>Stop-rule threshold in force at the sync (measured bandwidth x downtime-limit), bytes.</summary>
    public long ThresholdBytes { get; init; }

    /// <summary>cpu-throttle-percentage at its end, %.</summary>
    public int ThrottlePercent { get; init; }
}
