namespace MigrationSim.Model.Results;

/// <summary>Final figures of one migration. Times in ms, sizes in bytes, counts in pages.</summary>
public sealed record MigrationSummary
{
    /// <summary>The scenario's name.</summary>
    public required string Scenario { get; init; }
    /// <summary>live, online or offline.</summary>
    public required string Type { get; init; }
    /// <summary>The policy's name (migration.policy).</summary>
    public required string Policy { get; init; }
    /// <summary>The seed the run used.</summary>
    public ulong Seed { get; init; }
    /// <summary>query-migrate's final status: completed, cancelled, or postcopy-active when stopped at max-time (<see cref="MigrationStatus"/>).</summary>
    public required string Status { get; init; }
    /// <summary>The migration completed (the guest runs on the destination, or an offline definition was made).</summary>
    public bool Converged { get; init; }

    /// <summary>Why it ended: "converged", "max-time 1h reached", "offline: ...".</summary>
    public required string Outcome { get; init; }

    /// <summary>query-migrate's dirty-sync-count: dirty bitmap syncs, setup and final ones included.</summary>
    public long DirtySyncCount { get; init; }
    /// <summary>query-migrate's total-time: from migrate to the end, ms.</summary>
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

    /// <summary>multifd-bytes: bytes written on the multifd channels (packet headers and pages, the counted initial packets); null without multifd.</summary>
    public long? MultifdBytes { get; init; }

    /// <summary>Ranges of the discard bitmap sent at a postcopy switch (runs of pages the destination must drop or wait for); null without a switch.</summary>
    public long? DiscardRanges { get; init; }

    /// <summary>query-migrate's setup-time, ms.</summary>
    public double SetupTimeMs { get; init; }
    /// <summary>query-migrate's ram total: guest RAM, bytes.</summary>
    public long RamTotal { get; init; }
    /// <summary>query-migrate's ram transferred: bytes sent, headers included.</summary>
    public long Transferred { get; init; }
    /// <summary>query-migrate's normal: pages sent in full.</summary>
    public long Normal { get; init; }
    /// <summary>query-migrate's duplicate: zero pages sent as a header.</summary>
    public long Duplicate { get; init; }
    /// <summary>query-migrate's normal-bytes: normal pages x page size, bytes.</summary>
    public long NormalBytes { get; init; }
    /// <summary>query-migrate's precopy-bytes: sent before the guest stopped, bytes.</summary>
    public long PrecopyBytes { get; init; }
    /// <summary>query-migrate's downtime-bytes: sent with the guest stopped, bytes.</summary>
    public long DowntimeBytes { get; init; }
    /// <summary>query-migrate's postcopy-bytes: sent after a postcopy switch, bytes.</summary>
    public long PostcopyBytes { get; init; }
    /// <summary>query-migrate's postcopy-requests: pages the destination asked for.</summary>
    public long PostcopyRequests { get; init; }
    /// <summary>query-migrate's cpu-throttle-percentage at the end (auto-converge), %.</summary>
    public int CpuThrottlePercentage { get; init; }

    /// <summary>Average throughput over the transfer (total - setup), Mbit/s, as QEMU reports at completion.</summary>
    public double Mbps { get; init; }

    /// <summary>Destination page faults under postcopy (including ones that joined an outstanding request).</summary>
    public long Faults { get; init; }

    /// <summary>
    /// faults.csv keeps one fault record in this many (1: every fault); past 65,536 faults the records are
    /// thinned evenly so that memory and the file stay bounded. The count and percentiles always cover every
    /// fault. Null without a postcopy phase.
    /// </summary>
    public int? FaultsCsvOneIn { get; init; }

    /// <summary>Fault latency (fault to page arrival) percentiles and maximum, ms; null without faults.</summary>
    public double? FaultLatencyP50Ms { get; init; }
    /// <summary>95th percentile of fault latency, ms; null without faults.</summary>
    public double? FaultLatencyP95Ms { get; init; }
    /// <summary>99th percentile of fault latency, ms; null without faults.</summary>
    public double? FaultLatencyP99Ms { get; init; }
    /// <summary>Longest fault latency, ms; null without faults.</summary>
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
    /// <summary>The threshold pending was compared with when the guest stopped, bytes.</summary>
    public long ThresholdAtStopBytes { get; init; }
}
