using MigrationSim.Model.Orchestrators;
using MigrationSim.Model.Orchestrators.Direct;

namespace MigrationSim.Model.Fleets;

/// <summary>Everything a fleet run depends on; the run is a pure function of it.</summary>
public sealed record FleetSpec
{
    /// <summary>Names the output folder and the figures.</summary>
    public string Name { get; init; } = "fleet";

    /// <summary>Root of every guest's random streams.</summary>
    public ulong Seed { get; init; }

    /// <summary>The hosts, with their NICs and memory.</summary>
    public required IReadOnlyList<FleetHost> Hosts { get; init; }

    /// <summary>The fabric between the hosts.</summary>
    public FleetNetwork Network { get; init; } = new();

    /// <summary>Every guest, on its starting host.</summary>
    public required IReadOnlyList<FleetGuest> Guests { get; init; }

    /// <summary>The migrations, in the order the operation makes them.</summary>
    public required IReadOnlyList<MigrationRequest> Requests { get; init; }

    /// <summary>Who drives the migrations (<see cref="DirectSpec"/>: each starts as planned, with its own settings).</summary>
    public OrchestratorSpec Orchestrator { get; init; } = DirectSpec.Instance;

    /// <summary>What the operation was ("evacuate node-01 (least-loaded)"), for summaries.</summary>
    public string Operation { get; init; } = "plan";
}
