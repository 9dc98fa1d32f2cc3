namespace MigrationSim.Analysis.Planning;

/// <summary>
/// A planning question: which settings meet <see cref="Constraints"/> for every guest version in
/// <see cref="Workloads"/>, each simulated <see cref="Replications"/> times with distinct seeds,
/// ordered by <see cref="Ranking"/>.
/// </summary>
public sealed record PlanRequest
{
    public required IReadOnlyList<PlanWorkload> Workloads { get; init; }
    public required PlanConstraints Constraints { get; init; }
    public PlanRanking Ranking { get; init; } = PlanRanking.Bandwidth;

    /// <summary>Runs per candidate and workload, each with its own seed (run 0 uses the scenario's seed).</summary>
    public int Replications { get; init; } = 3;
}
