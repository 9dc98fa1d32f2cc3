using MigrationSim.Reporting.Csv;
using static MigrationSim.Reporting.Csv.CsvCell;

namespace MigrationSim.Cli.Planning;

/// <summary>plan.csv of a fleet: every orchestrator setting tried, with what the fleet cost under it.</summary>
public static class FleetPlanTable
{
    public static CsvTable<FleetPlanOutcome> Csv(IReadOnlyList<FleetPlanOutcome> ranked, IEnumerable<string> options)
    {
        var columns = new List<CsvColumn<FleetPlanOutcome>>
        {
            new("rank", o => ranked.Contains(o) ? Num((long)ranked.ToList().IndexOf(o) + 1) : null),
            new("meets", o => o.Meets ? "true" : "false"),
            new("why-not", o => o.Why),
        };
        foreach (string option in options)
            columns.Add(new(option, o => o.Candidate.Varied.FirstOrDefault(v => v.Option == option).Value));
        columns.AddRange(
        [
            new("order", o => o.Candidate.Order is { } order ? FleetPlanCandidate.OrderName(order) : "as planned"),
            new("makespan-ms", o => Num(o.Result.MakespanMs)),
            new("over-sla", o => Num((long)o.Result.OverSla)),
            new("aborted", o => Num((long)o.Result.Aborted)),
            new("not-started", o => Num((long)o.Result.NotStarted)),
            new("forced-to-postcopy", o => Num((long)o.Result.ForcedToPostcopy)),
            new("paused", o => Num((long)o.Result.Paused)),
            new("max-downtime-ms", o => Num(o.Result.MaxDowntimeMs)),
            new("max-guest-pause-ms", o => Num(o.Result.MaxGuestPauseMs)),
            new("total-downtime-ms", o => Num(o.Result.TotalDowntimeMs)),
            new("progress-lost-s", o => Num(o.Result.ProgressLostSeconds)),
            new("exposure-ms", o => Num(o.Result.ExposureMs)),
            new("bytes", o => Num(o.Result.TransferredBytes)),
        ]);
        return new CsvTable<FleetPlanOutcome>(columns);
    }
}
