namespace MigrationSim.Model.Results;

/// <summary>Final figures of one migration. Times in ms, sizes in bytes, counts in pages.</summary>
public sealed record MigrationSummary
{
    public required string Scenario { get; init; }
    public required string Type { get; init; }
    public required string Policy { get; init; }
    public ulong Seed { get; init; }
    public required string Status { get; init; }
    public bool Converged { get; init; }

    /// <summary>Why it ended: "converged", "max-time 1h reached", "offline: ...".</summary>
    public required string Outcome { get; init; }

    public long DirtySyncCount { get; init; }
    public double TotalTimeMs { get; init; }

    /// <summary>Guest pause; null when the guest never runs on the destination (offline).</summary>
    public double? DowntimeMs { get; init; }

    /// <summary>
    /// The pause the guest really sees, ms: from the stop on the source to running on the
    /// destination (QEMU's STOP to the destination's RESUME). QEMU's <see cref="DowntimeMs"/> ends
    /// earlier, when the source has written its last byte. Null when the guest never moved.
    /// </summary>
    public double? GuestPauseMs { get; init; }

    /// <summary>xbzrle-cache.pages: pages sent as a delta to their cached copy (or overflowed); null without xbzrle.</summary>
    public long? XbzrlePages { get; init; }

    /// <summary>xbzrle-cache.bytes: their encoded bytes, page headers excluded; null without xbzrle.</summary>
    public long? XbzrleBytes { get; init; }

    /// <summary>xbzrle-cache.cache-miss: pages resent while not cached (sent in full); null without xbzrle.</summary>
    public long? XbzrleCacheMiss { get; init; }

    /// <summary>xbzrle-cache.overflow: deltas larger than a page (sent in full); null without xbzrle.</summary>
    public long? XbzrleOverflow { get; init; }

    /// <summary>Ranges of the discard bitmap sent at a postcopy switch (runs of pages the destination must drop or wait for); null without a switch.</summary>
    public long? DiscardRanges { get; init; }

    public double SetupTimeMs { get; init; }
    public long RamTotal { get; init; }
    public long Transferred { get; init; }
    public long Normal { get; init; }
    public long Duplicate { get; init; }
    public long NormalBytes { get; init; }
    public long PrecopyBytes { get; init; }
    public long DowntimeBytes { get; init; }
    public long PostcopyBytes { get; init; }
    public long PostcopyRequests { get; init; }
    public int CpuThrottlePercentage { get; init; }

    /// <summary>Average throughput over the transfer (total - setup), Mbit/s, as QEMU reports at completion.</summary>
    public double Mbps { get; init; }

    /// <summary>Destination page faults under postcopy (including ones that joined an outstanding request).</summary>
    public long Faults { get; init; }

    /// <summary>Fault latency (fault to page arrival) percentiles and maximum, ms; null without faults.</summary>
    public double? FaultLatencyP50Ms { get; init; }
    public double? FaultLatencyP95Ms { get; init; }
    public double? FaultLatencyP99Ms { get; init; }
    public double? FaultLatencyMaxMs { get; init; }

    /// <summary>Time the destination vCPU could not run because every runnable task waited for a page, ms.</summary>
    public double VcpuBlockedMs { get; init; }

    /// <summary>Work the guest did during the migration over the work it would have done without it (throttle, downtime and fault stalls), in [0, 1].</summary>
    public double GuestProgress { get; init; } = 1;

    /// <summary>When the guest stopped on the source to switch to postcopy, ms; null when it never switched.</summary>
    public double? SwitchTimeMs { get; init; }

    /// <summary>The switch rule that fired ("after 2 iterations", "after 30 s", "stall"), or null.</summary>
    public string? SwitchRule { get; init; }

    /// <summary>
    /// From the switch to completion the guest's state is split between the hosts: losing either
    /// loses the guest. Null when the migration never entered postcopy.
    /// </summary>
    public double? ExposureWindowMs { get; init; }

    /// <summary>Pages pending (bytes) when the stop rule fired, and the threshold they were compared with.</summary>
    public long PendingAtStopBytes { get; init; }
    public long ThresholdAtStopBytes { get; init; }
}
