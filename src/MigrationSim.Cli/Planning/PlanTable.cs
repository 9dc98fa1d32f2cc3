using MigrationSim.Reporting.Csv;
using static MigrationSim.Reporting.Csv.CsvCell;

namespace MigrationSim.Cli.Planning;

/// <summary>plan.csv: every setting tried, the ones meeting the SLA first (cheapest bandwidth first).</summary>
public static class PlanTable
{
    public static readonly CsvTable<PlanOutcome> Csv = new(
    [
        new("rank", _ => null),
        new("meets-sla", o => o.MeetsSla ? "true" : "false"),
        new("policy", o => o.Candidate.PolicyLabel),
        new("switch", o => o.Candidate.SwitchLabel),
        new("max-bandwidth", o => o.Candidate.BandwidthLabel),
        new("max-bandwidth-bytes-per-s", o => Num(o.Candidate.BandwidthBytesPerSecond, "0")),
        new("downtime-limit", o => o.Candidate.DowntimeLimitLabel),
        new("auto-converge", o => o.Candidate.AutoConverge ? "true" : "false"),
        new("status", o => o.Summary.Status),
        new("downtime-ms", o => Num(o.Summary.DowntimeMs)),
        new("guest-pause-ms", o => Num(o.Summary.GuestPauseMs)),
        new("total-time-ms", o => Num(o.Summary.TotalTimeMs)),
        new("downtime-margin-ms", o => double.IsFinite(o.DowntimeMarginMs) ? Num(o.DowntimeMarginMs) : null),
        new("total-margin-ms", o => Num(o.TotalMarginMs)),
        new("transferred", o => Num(o.Summary.Transferred)),
        new("dirty-sync-count", o => Num(o.Summary.DirtySyncCount)),
        new("cpu-throttle-percentage", o => Num(o.Summary.CpuThrottlePercentage)),
        new("guest-progress", o => Num(o.Summary.GuestProgress, "0.####")),
        new("faults", o => Num(o.Summary.Faults)),
        new("fault-latency-p99-ms", o => Num(o.Summary.FaultLatencyP99Ms)),
        new("vcpu-blocked-ms", o => Num(o.Summary.VcpuBlockedMs)),
        new("exposure-window-ms", o => Num(o.Summary.ExposureWindowMs)),
        new("outcome", o => o.Summary.Outcome),
    ]);
}
