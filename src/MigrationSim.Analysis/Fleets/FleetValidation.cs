namespace MigrationSim.Analysis.Fleets;

/// <summary>One captured fleet against its simulation: each migration, and the makespan.</summary>
public sealed record FleetValidation
{
    public required MeasuredFleet Measured { get; init; }
    public required IReadOnlyList<FleetMigrationError> Migrations { get; init; }
    public double SimulatedMakespanMs { get; init; }
    public double MakespanError => (SimulatedMakespanMs - Measured.MakespanMs) / Measured.MakespanMs;
}
