namespace MigrationSim.Model.Fleets;

/// <summary>Where a fleet migration is in its life: waiting for its time or prerequisites, ready (requested, the orchestrator holds it), running, ended.</summary>
public enum FleetMigrationState
{
    Waiting,
    Ready,
    Running,
    Ended,
}
