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
    public double? SimulatedGuestPauseMs { get; init; }
    public double SimulatedIterations { get; init; }
    public double SimulatedPostcopyRequests { get; init; }
    public bool SimulatedCompleted { get; init; }

    public double TotalTimeError => (SimulatedTotalTimeMs - Measured.TotalTimeMs) / Measured.TotalTimeMs;
    public double BytesError => (SimulatedTransferred - Measured.Transferred) / Measured.Transferred;
    public double EndError => (SimulatedEndMs - Measured.EndMs) / Measured.EndMs;

    /// <summary>QEMU's downtime (to the last byte written to the socket) against QEMU's; null when either is missing.</summary>
    public double? DowntimeError => SimulatedDowntimeMs is { } s && Measured.DowntimeMs is { } m and > 0 ? (s - m) / m : null;

    /// <summary>The guest's pause (source STOP to destination RESUME) against the one its QMP events give; null when either is missing.</summary>
    public double? PauseError => SimulatedGuestPauseMs is { } s && Measured.GuestPauseMs is { } m and > 0 ? (s - m) / m : null;
}
