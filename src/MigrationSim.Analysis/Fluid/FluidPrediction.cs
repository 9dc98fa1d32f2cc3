namespace MigrationSim.Analysis.Fluid;

/// <summary>What the closed-form fluid model predicts (ms, bytes, counts).</summary>
public sealed record FluidPrediction(
    bool Converged,
    double TotalTimeMs,
    double? DowntimeMs,
    double Transferred,
    long DirtySyncCount,
    double PostcopyRequests);
