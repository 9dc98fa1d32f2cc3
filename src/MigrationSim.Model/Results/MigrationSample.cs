namespace MigrationSim.Model.Results;

/// <summary>
/// One query-migrate poll, simulated or real: fields carry query-migrate's names and units
/// (bytes, pages, milliseconds, Mbit/s) so a simulated timeline and a captured trace line up
/// column for column.
/// </summary>
public sealed record MigrationSample
{
    public double ElapsedMs { get; init; }
    public string Status { get; init; } = MigrationStatus.Setup;
    public long TotalTimeMs { get; init; }
    public long? DowntimeMs { get; init; }
    public long? ExpectedDowntimeMs { get; init; }
    public long? SetupTimeMs { get; init; }
    public int CpuThrottlePercentage { get; init; }
    public long Transferred { get; init; }
    public long Remaining { get; init; }
    public long Total { get; init; }
    public long Duplicate { get; init; }
    public long Normal { get; init; }
    public long NormalBytes { get; init; }
    public long DirtyPagesRate { get; init; }
    public double Mbps { get; init; }
    public long DirtySyncCount { get; init; }
    public long PostcopyRequests { get; init; }
    public long PrecopyBytes { get; init; }
    public long DowntimeBytes { get; init; }
    public long PostcopyBytes { get; init; }

    /// <summary>Simulation only (not in query-migrate): guest work done so far over elapsed time, in [0, 1].</summary>
    public double GuestProgress { get; init; } = 1;
}
