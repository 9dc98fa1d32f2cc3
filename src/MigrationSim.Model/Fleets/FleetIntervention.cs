namespace MigrationSim.Model.Fleets;

/// <summary>What an orchestrator did to a running migration to make it end.</summary>
public enum FleetIntervention
{
    /// <summary>The orchestrator did not step in.</summary>
    None,

    /// <summary>migrate-start-postcopy.</summary>
    ForcedPostcopy,

    /// <summary>Paused the guest on the source.</summary>
    Paused,

    /// <summary>migrate_cancel.</summary>
    Aborted,
}
