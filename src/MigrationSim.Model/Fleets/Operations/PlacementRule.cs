namespace MigrationSim.Model.Fleets.Operations;

/// <summary>How an operation chooses a guest's destination among the hosts that have room for it.</summary>
public enum PlacementRule
{
    /// <summary>The first host (in the fleet file's order; for consolidation, the fullest first) with room.</summary>
    FirstFit,

    /// <summary>The host whose memory use would be lowest after taking the guest.</summary>
    LeastLoaded,

    /// <summary>Each guest names its destination (<c>to:</c>).</summary>
    Given,
}
