namespace MigrationSim.Analysis.Validation;

/// <summary>The figures validation compares, each as query-migrate names it.</summary>
public enum Metric
{
    TotalTime,
    Downtime,
    Transferred,
    Iterations,
    PostcopyRequests,
    /// <summary>The pause the guest sees (capture: STOP on the source to RESUME on the destination), ms.</summary>
    GuestPause,
}
