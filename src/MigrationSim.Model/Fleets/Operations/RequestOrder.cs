namespace MigrationSim.Model.Fleets.Operations;

/// <summary>In which order an operation's migrations reach the orchestrator.</summary>
public enum RequestOrder
{
    /// <summary>Guests in the order the fleet file lists them.</summary>
    AsListed,

    /// <summary>Largest guest memory first (ties: as listed).</summary>
    LargestFirst,

    /// <summary>Smallest guest memory first (ties: as listed).</summary>
    SmallestFirst,
}
