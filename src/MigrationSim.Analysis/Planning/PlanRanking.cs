namespace MigrationSim.Analysis.Planning;

/// <summary>
/// What the planner orders accepted settings by (each on the candidate's worst run), cheapest
/// first; ties go to the next criteria in the order bandwidth, total time, downtime, progress lost.
/// </summary>
public enum PlanRanking
{
    /// <summary>Smallest bandwidth cap: leaves the most of the link to other traffic.</summary>
    Bandwidth,

    /// <summary>Shortest worst-case total time.</summary>
    TotalTime,

    /// <summary>Shortest worst-case downtime.</summary>
    Downtime,

    /// <summary>Least guest work lost (1 - worst guest progress): throttling, pauses, postcopy stalls.</summary>
    ProgressLost,
}
