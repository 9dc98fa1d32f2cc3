using MigrationSim.Model.Results;

namespace MigrationSim.Cli.Planning;

/// <summary>
/// A candidate's simulated result against the SLA. Margins are how far under each limit the run
/// stayed, in ms (negative: over); <see cref="TotalMarginMs"/> is null without --max-total.
/// </summary>
public sealed record PlanOutcome(PlanCandidate Candidate, MigrationSummary Summary, bool MeetsSla, double DowntimeMarginMs, double? TotalMarginMs);
