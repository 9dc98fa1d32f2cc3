using MigrationSim.Analysis.Planning;
using MigrationSim.Reporting.Csv;
using static MigrationSim.Reporting.Csv.CsvCell;

namespace MigrationSim.Reporting.Planning;

/// <summary>
/// plan.csv: every setting tried, one row each, the ranked ones first (rank 1..n), then the other
/// accepted ones (rank empty: a better row of the same policy exists), then the rejected ones by
/// share of runs meeting the SLA. Worst values are over every run of the setting (times in ms).
/// </summary>
public static class PlanTable
{
    public const string FileName = "plan.csv";

    public static CsvTable<PlanOutcome> Csv(PlanResult result)
    {
        var rank = result.Ranked.Select((o, i) => (o, i)).ToDictionary(x => x.o, x => x.i + 1);
        return new(
        [
            new("rank", o => rank.TryGetValue(o, out int r) ? Num(r) : null),
            new("accepted", o => o.Accepted ? "true" : "false"),
            new("runs", o => Num(o.Runs.Count)),
            new("runs-meeting-sla", o => Num(o.Meeting)),
            new("share-meeting-sla", o => Num(o.Share, "0.####")),
            new("main-violation", o => o.MainViolation),
            new("policy", o => o.Candidate.PolicyLabel),
            new("switch", o => o.Candidate.SwitchLabel),
            new("max-bandwidth", o => o.Candidate.BandwidthLabel),
            new("max-bandwidth-bytes-per-s", o => Num(o.Candidate.BandwidthBytesPerSecond, "0")),
            new("downtime-limit", o => o.Candidate.UsesPrecopyKnobs ? o.Candidate.DowntimeLimitLabel : null),
            new("auto-converge", o => o.Candidate.UsesPrecopyKnobs ? o.Candidate.AutoConverge ? "true" : "false" : null),
            new("worst-downtime-ms", o => Num(o.WorstDowntimeMs is { } d && double.IsFinite(d) ? d : null)),
            new("worst-guest-pause-ms", o => Num(o.WorstGuestPauseMs is { } g && double.IsFinite(g) ? g : null)),
            new("worst-total-time-ms", o => Num(o.WorstTotalTimeMs)),
            new("mean-total-time-ms", o => Num(o.MeanTotalTimeMs)),
            new("worst-guest-progress", o => Num(o.WorstGuestProgress, "0.####")),
            new("worst-vcpu-blocked-ms", o => Num(o.WorstVcpuBlockedMs)),
            new("worst-exposure-window-ms", o => Num(o.WorstExposureMs)),
            new("max-transferred", o => Num(o.MaxTransferredBytes)),
        ]);
    }

    /// <summary>The row order described above.</summary>
    public static IEnumerable<PlanOutcome> Rows(PlanResult result) =>
        result.Ranked
            .Concat(result.Outcomes.Where(o => o.Accepted && !result.Ranked.Contains(o)))
            .Concat(result.Outcomes.Where(o => !o.Accepted).OrderByDescending(o => o.Share).ThenBy(o => o.WorstDowntimeMs ?? double.MaxValue));
}
