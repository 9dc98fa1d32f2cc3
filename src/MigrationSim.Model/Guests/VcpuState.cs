namespace MigrationSim.Model.Guests;

/// <summary>Where the guest's vCPUs run, as a migration sees them.</summary>
public enum VcpuState
{
    /// <summary>Running on the source: the workload writes memory and fills the dirty log.</summary>
    RunningOnSource,

    /// <summary>Stopped: on the source during the switchover or for an online migration, or paused by an operator.</summary>
    Paused,

    /// <summary>Running on the destination (postcopy): accesses to missing pages fault.</summary>
    RunningOnDestination,
}
