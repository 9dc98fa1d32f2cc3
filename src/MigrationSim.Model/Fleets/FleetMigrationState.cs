namespace MigrationSim.Model.Fleets;

/// <summary>Where a fleet migration is in its life: waiting for its time or prerequisites, ready (requested, the orchestrator holds it), running, ended.</summary>
public enum FleetMigrationState
{
    /// <summary>Before its start time, or while a migration it comes after runs.</summary>
    Waiting,
    /// <summary>Requested: the orchestrator holds it until a slot frees.</summary>
    Ready,
    /// <summary>QEMU is migrating the guest.</summary>
    Running,
    /// <summary>Completed, aborted or never to start.</summary>
    Ended,
}
