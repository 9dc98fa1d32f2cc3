using MigrationSim.Model.Fleets;

namespace MigrationSim.Model.Orchestrators.Direct;

/// <summary>No orchestrator: QMP's migrate is issued as the plan says, with each guest's own settings, and nothing watches it (as a concurrent capture does).</summary>
public sealed class DirectOrchestrator : Orchestrator
{
    /// <inheritdoc/>
    public override void OnReady(FleetMigration migration) => Fleet.Start(migration);
}
