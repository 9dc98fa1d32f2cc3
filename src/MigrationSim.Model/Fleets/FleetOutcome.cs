namespace MigrationSim.Model.Fleets;

/// <summary>How one migration of a fleet ended (guests.csv's outcome column).</summary>
public enum FleetOutcome
{
    /// <summary>Precopy converged by itself.</summary>
    Completed,

    /// <summary>Switched to postcopy as its policy or the orchestrator's flags planned (virsh --postcopy-after-precopy), and completed.</summary>
    CompletedInPostcopy,

    /// <summary>The orchestrator's timeout forced postcopy (Nova force_complete, KubeVirt allowPostCopy, virsh --timeout-postcopy), and it completed.</summary>
    ForcedToPostcopy,

    /// <summary>The orchestrator paused the guest to let precopy finish (Nova force_complete without post-copy, KubeVirt workload disruption, virsh --timeout-suspend), and it completed.</summary>
    Paused,

    /// <summary>Cancelled: the guest stays on its source (an orchestrator's timeout, or the simulator's max-time).</summary>
    Aborted,

    /// <summary>Never started (its guest was not where the plan expected it).</summary>
    NotStarted,
}
