namespace MigrationSim.Model.Results;

/// <summary>
/// One query-migrate poll, simulated or real: fields carry query-migrate's names and units
/// (bytes, pages, milliseconds, Mbit/s) so a simulated timeline and a captured trace line up
/// column for column.
/// </summary>
public sealed record MigrationSample
{
    /// <summary>When the poll was taken, ms since migrate.</summary>
    public double ElapsedMs { get; init; }
    /// <summary>status (<see cref="MigrationStatus"/>).</summary>
    public string Status { get; init; } = MigrationStatus.Setup;
    /// <summary>total-time so far, ms.</summary>
    public long TotalTimeMs { get; init; }
    /// <summary>downtime, ms; only in the final poll of a completed migration.</summary>
    public long? DowntimeMs { get; init; }
    /// <summary>expected-downtime, ms; null during setup.</summary>
    public long? ExpectedDowntimeMs { get; init; }
    /// <summary>setup-time, ms; null during setup.</summary>
    public long? SetupTimeMs { get; init; }
    /// <summary>cpu-throttle-percentage, %.</summary>
    public int CpuThrottlePercentage { get; init; }
    /// <summary>ram transferred, bytes.</summary>
    public long Transferred { get; init; }
    /// <summary>ram remaining: pending pages x page size, bytes.</summary>
    public long Remaining { get; init; }
    /// <summary>ram total, bytes.</summary>
    public long Total { get; init; }
    /// <summary>ram duplicate, pages.</summary>
    public long Duplicate { get; init; }
    /// <summary>ram normal, pages.</summary>
    public long Normal { get; init; }
    /// <summary>ram normal-bytes, bytes.</summary>
    public long NormalBytes { get; init; }
    /// <summary>ram dirty-pages-rate, pages/s (updated about once a second, at a sync).</summary>
    public long DirtyPagesRate { get; init; }
    /// <summary>ram mbps: the last window's bandwidth, Mbit/s.</summary>
    public double Mbps { get; init; }
    /// <summary>ram dirty-sync-count.</summary>
    public long DirtySyncCount { get; init; }
    /// <summary>ram postcopy-requests.</summary>
    public long PostcopyRequests { get; init; }
    /// <summary>ram precopy-bytes, bytes.</summary>
    public long PrecopyBytes { get; init; }
    /// <summary>ram downtime-bytes, bytes.</summary>
    public long DowntimeBytes { get; init; }
    /// <summary>ram postcopy-bytes, bytes.</summary>
    public long PostcopyBytes { get; init; }

    /// <summary>Simulation only (not in query-migrate): guest work done so far over elapsed time, in [0, 1].</summary>
    public double GuestProgress { get; init; } = 1;
}
