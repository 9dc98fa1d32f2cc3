namespace MigrationSim.Model.Orchestrators;

/// <summary>What an orchestrator's monitor does to a migration at one look.</summary>
public enum MonitorAction
{
    /// <summary>Leave the migration alone.</summary>
    None,

    /// <summary>migrate-start-postcopy.</summary>
    StartPostcopy,

    /// <summary>Pause the guest on the source.</summary>
    Pause,

    /// <summary>Cancel the migration.</summary>
    Abort,
}
