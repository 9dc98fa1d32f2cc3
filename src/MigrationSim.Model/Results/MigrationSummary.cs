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

    /// <summary>Pages pending (bytes) when the stop rule fired, and the threshold they were compared with.</summary>
    public long PendingAtStopBytes { get; init; }
    public long ThresholdAtStopBytes { get; init; }
}
