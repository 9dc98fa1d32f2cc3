namespace MigrationSim.Model.Results;

public sealed record MigrationResult(
    MigrationSummary Summary,
    IReadOnlyList<IterationRecord> Iterations,
    IReadOnlyList<MigrationSample> Timeline)
{
    /// <summary>Pages whose destination copy is stale at the end (audited runs only; else null).</summary>
    public long? StalePagesOnDestination { get; init; }
}
