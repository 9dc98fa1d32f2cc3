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

    /// <summary>
    /// summary.csv: the run's identity and outcome as text, and every metric of <see cref="Metrics"/>
    /// under its name (query-migrate's where QEMU has the figure), in its unit: times in ms, sizes in
    /// bytes, counts in pages. The two text columns sit where summary.csv has always had them.
    /// </summary>
    public static readonly CsvTable<MigrationSummary> Summary = new(SummaryColumns());

    private static List<CsvColumn<MigrationSummary>> SummaryColumns()
    {
        var columns = new List<CsvColumn<MigrationSummary>>
        {
            new("scenario", s => s.Scenario),
            new("type", s => s.Type),
            new("policy", s => s.Policy),
            new("seed", s => Num(s.Seed)),
            new("status", s => s.Status),
        };
        foreach (var metric in Metrics.All)
        {
            columns.Add(new(metric.Name, metric.Cell));
            if (metric == Metrics.Converged) columns.Add(new("outcome", s => s.Outcome));
            if (metric == Metrics.SwitchTime) columns.Add(new("switch-rule", s => s.SwitchRule));
        }
        return columns;
    }
}
