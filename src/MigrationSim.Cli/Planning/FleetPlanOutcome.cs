using MigrationSim.Model.Fleets;

namespace MigrationSim.Cli.Planning;

/// <summary>A candidate's fleet run and whether it meets the plan: done within the window, no guest over the downtime SLA (and none aborted, with --no-abort).</summary>
public sealed record FleetPlanOutcome(FleetPlanCandidate Candidate, FleetResult Result, bool Meets, string Why);
