namespace MigrationSim.Traces.Capture;

/// <summary>One phase of a phased workload.</summary>
/// <param name="Kind">Idle, Uniform or Sequential.</param>
/// <param name="Seconds">Phase length in guest seconds.</param>
/// <param name="RatePagesPerSecond">Page writes per second (ignored when idle).</param>
public sealed record GuestWorkloadPhase(GuestWorkloadKind Kind, double Seconds, double RatePagesPerSecond);
