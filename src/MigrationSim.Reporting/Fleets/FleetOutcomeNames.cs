using MigrationSim.Model.Fleets;

namespace MigrationSim.Reporting.Fleets;

/// <summary>The words guests.csv and the summary use for each outcome.</summary>
public static class FleetOutcomeNames
{
    public static string Of(FleetOutcome outcome) => outcome switch
    {
        FleetOutcome.Completed => "completed",
        FleetOutcome.CompletedInPostcopy => "completed in postcopy",
        FleetOutcome.ForcedToPostcopy => "forced to postcopy",
        FleetOutcome.Paused => "paused",
        FleetOutcome.Aborted => "aborted",
        _ => "not started",
    };
}
