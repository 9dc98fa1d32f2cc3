namespace MigrationSim.Analysis.Planning;

/// <summary>
/// The policy families the planner tries. The planner speaks of these rather than of the model's
/// policy types, so that only <see cref="PlanCandidate.Apply"/> knows how the engine takes a policy.
/// </summary>
public enum PlanPolicy
{
    /// <summary>QEMU's precopy: iterate until what is left fits in the downtime-limit.</summary>
    Precopy,

    /// <summary>migrate-start-postcopy at once: the guest moves to the destination and fetches pages on demand.</summary>
    Postcopy,

    /// <summary>Precopy, then postcopy when the candidate's switch rule fires.</summary>
    Hybrid,

    /// <summary>
    /// The scenario's own policy, when it is not one of QEMU's (a plug-in's, <c>--plugin</c>):
    /// tried with the same bandwidths, downtime-limits and auto-converge as precopy.
    /// </summary>
    Scenario,
}
