namespace MigrationSim.Analysis.Planning;

/// <summary>
/// The planner's answer: every candidate's outcome, and the accepted ones ranked, one row per
/// distinct choice (<see cref="Ranked"/>: the best downtime-limit / auto-converge variant of each
/// policy and bandwidth, without rows that cost the same as a better-ranked row of the same policy).
/// </summary>
public sealed record PlanResult(PlanRequest Request, IReadOnlyList<PlanCandidate> Candidates, IReadOnlyList<PlanOutcome> Outcomes, IReadOnlyList<PlanOutcome> Ranked)
{
    public int Runs => Outcomes.Sum(o => o.Runs.Count);

    public int AcceptedCount => Outcomes.Count(o => o.Accepted);
}
