namespace MigrationSim.Analysis.Fleets;

/// <summary>One migration of a concurrent capture, as QEMU reported it. Times in ms from the capture's first migrate, sizes in bytes.</summary>
public sealed record MeasuredFleetMigration
{
    public required string Guest { get; init; }
    public required string Status { get; init; }
    public double StartMs { get; init; }
    public double EndMs { get; init; }
    public double TotalTimeMs { get; init; }
    public long Transferred { get; init; }

    /// <summary>QEMU's downtime (to the last byte written to the socket); null unless completed.</summary>
    public double? DowntimeMs { get; init; }

    /// <summary>The guest's real pause (source STOP to destination RESUME).</summary>
    public double? GuestPauseMs { get; init; }

    public long DirtySyncCount { get; init; }
    public long PostcopyRequests { get; init; }
}
