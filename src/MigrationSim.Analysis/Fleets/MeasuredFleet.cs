using MigrationSim.Model.Fleets;

namespace MigrationSim.Analysis.Fleets;

/// <summary>
/// A concurrent capture: the fleet it realised (host constants applied, each migration requested
/// when it really was issued) and what each migration did.
/// </summary>
public sealed record MeasuredFleet
{
    public required string Name { get; init; }

    /// <summary>The fleet to simulate: its requests start at the measured migrate times.</summary>
    public required FleetSpec Spec { get; init; }

    /// <summary>In the order of <see cref="FleetSpec.Requests"/>.</summary>
    public required IReadOnlyList<MeasuredFleetMigration> Migrations { get; init; }

    public double MakespanMs { get; init; }

    /// <summary>"shared link 24 MiB/s" or "host links".</summary>
    public string Topology { get; init; } = "";
}
