namespace MigrationSim.Analysis.Fleets;

/// <summary>One migration of a captured fleet against the simulated fleet (median of the seeds); errors are (simulated - measured) / measured.</summary>
public sealed record FleetMigrationError
{
    public required string Fleet { get; init; }
    public required MeasuredFleetMigration Measured { get; init; }
    public double SimulatedEndMs { get; init; }
    public double SimulatedTotalTimeMs { get; init; }
    public double SimulatedTransferred { get; init; }
    public double? SimulatedDowntimeMs { get; init; }
    public double SimulatedIterations { get; init; }
    public double SimulatedPostcopyRequests { get; init; }
    public bool SimulatedCompleted { get; init; }

    public double TotalTimeError => (SimulatedTotalTimeMs - Measured.TotalTimeMs) / Measured.TotalTimeMs;
    public double BytesError => (SimulatedTransferred - Measured.Transferred) / Measured.Transferred;
    public double EndError => (SimulatedEndMs - Measured.EndMs) / Measured.EndMs;

    /// <summary>Against the guest's real pause (QEMU's downtime stops at the last byte written to the socket); null when either is missing.</summary>
    public double? PauseError => SimulatedDowntimeMs is { } s && Measured.GuestPauseMs is { } m and > 0 ? (s - m) / m : null;
}
