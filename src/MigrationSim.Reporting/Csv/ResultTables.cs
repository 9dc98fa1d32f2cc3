using MigrationSim.Model.Results;
using static MigrationSim.Reporting.Csv.CsvCell;

namespace MigrationSim.Reporting.Csv;

/// <summary>
/// Column layouts of the run outputs. timeline.csv uses query-migrate's field names (ram.*
/// without the prefix) plus elapsed-ms, so it lines up with a captured trace.csv column for column.
/// </summary>
public static class ResultTables
{
    public static readonly CsvTable<MigrationSample> Timeline = new(
    [
        new("elapsed-ms", s => Num(s.ElapsedMs)),
        new("status", s => s.Status),
        new("total-time", s => Num(s.TotalTimeMs)),
        new("downtime", s => Num(s.DowntimeMs)),
        new("expected-downtime", s => Num(s.ExpectedDowntimeMs)),
        new("setup-time", s => Num(s.SetupTimeMs)),
        new("cpu-throttle-percentage", s => Num(s.CpuThrottlePercentage)),
        new("transferred", s => Num(s.Transferred)),
        new("remaining", s => Num(s.Remaining)),
        new("total", s => Num(s.Total)),
        new("duplicate", s => Num(s.Duplicate)),
        new("normal", s => Num(s.Normal)),
        new("normal-bytes", s => Num(s.NormalBytes)),
        new("dirty-pages-rate", s => Num(s.DirtyPagesRate)),
        new("mbps", s => Num(s.Mbps)),
        new("dirty-sync-count", s => Num(s.DirtySyncCount)),
        new("postcopy-requests", s => Num(s.PostcopyRequests)),
        new("precopy-bytes", s => Num(s.PrecopyBytes)),
        new("downtime-bytes", s => Num(s.DowntimeBytes)),
        new("postcopy-bytes", s => Num(s.PostcopyBytes)),
        new("guest-progress", s => Num(s.GuestProgress, "0.####")),
    ]);

    /// <summary>faults.csv: one row per destination page fault under postcopy.</summary>
    public static readonly CsvTable<FaultRecord> Faults = new(
    [
        new("time-ms", f => Num(f.TimeMs)),
        new("page", f => Num(f.Page)),
        new("latency-ms", f => Num(f.LatencyMs, "0.####")),
        new("joined", f => f.Joined ? "true" : "false"),
    ]);

    public static readonly CsvTable<IterationRecord> Iterations = new(
    [
        new("iteration", r => Num(r.Iteration)),
        new("start-ms", r => Num(r.StartMs)),
        new("end-ms", r => Num(r.EndMs)),
        new("dirty-pages-at-sync", r => Num(r.DirtyPagesAtSync)),
        new("newly-dirty-pages", r => Num(r.NewlyDirtyPages)),
        new("bytes-sent", r => Num(r.BytesSent)),
        new("dirty-rate-pages-per-s", r => Num(r.DirtyRatePagesPerSecond, "0.#")),
        new("threshold-bytes", r => Num(r.ThresholdBytes)),
        new("cpu-throttle-percentage", r => Num(r.ThrottlePercent)),
    ]);

    /// <summary>summary.csv: query-migrate's names where QEMU has the figure; times in ms, sizes in bytes, counts in pages.</summary>
    public static readonly CsvTable<MigrationSummary> Summary = new(
    [
        new("scenario", s => s.Scenario),
        new("type", s => s.Type),
        new("policy", s => s.Policy),
        new("seed", s => Num(s.Seed)),
        new("status", s => s.Status),
        new("converged", s => s.Converged ? "true" : "false"),
        new("outcome", s => s.Outcome),
        new("dirty-sync-count", s => Num(s.DirtySyncCount)),
        new("total-time", s => Num(s.TotalTimeMs)),
        new("downtime", s => Num(s.DowntimeMs)),
        new("guest-pause-ms", s => Num(s.GuestPauseMs)),
        new("discard-ranges", s => Num(s.DiscardRanges)),
        new("xbzrle-pages", s => Num(s.XbzrlePages)),
        new("xbzrle-bytes", s => Num(s.XbzrleBytes)),
        new("xbzrle-cache-miss", s => Num(s.XbzrleCacheMiss)),
        new("xbzrle-overflow", s => Num(s.XbzrleOverflow)),
        new("setup-time", s => Num(s.SetupTimeMs)),
        new("total", s => Num(s.RamTotal)),
        new("transferred", s => Num(s.Transferred)),
        new("normal", s => Num(s.Normal)),
        new("duplicate", s => Num(s.Duplicate)),
        new("normal-bytes", s => Num(s.NormalBytes)),
        new("precopy-bytes", s => Num(s.PrecopyBytes)),
        new("downtime-bytes", s => Num(s.DowntimeBytes)),
        new("postcopy-bytes", s => Num(s.PostcopyBytes)),
        new("postcopy-requests", s => Num(s.PostcopyRequests)),
        new("cpu-throttle-percentage", s => Num(s.CpuThrottlePercentage)),
        new("mbps", s => Num(s.Mbps)),
        new("faults", s => Num(s.Faults)),
        new("fault-latency-p50-ms", s => Num(s.FaultLatencyP50Ms)),
        new("fault-latency-p95-ms", s => Num(s.FaultLatencyP95Ms)),
        new("fault-latency-p99-ms", s => Num(s.FaultLatencyP99Ms)),
        new("fault-latency-max-ms", s => Num(s.FaultLatencyMaxMs)),
        new("vcpu-blocked-ms", s => Num(s.VcpuBlockedMs)),
        new("guest-progress", s => Num(s.GuestProgress, "0.####")),
        new("switch-time-ms", s => Num(s.SwitchTimeMs)),
        new("switch-rule", s => s.SwitchRule),
        new("exposure-window-ms", s => Num(s.ExposureWindowMs)),
        new("pending-at-stop", s => Num(s.PendingAtStopBytes)),
        new("threshold-at-stop", s => Num(s.ThresholdAtStopBytes)),
    ]);
}
