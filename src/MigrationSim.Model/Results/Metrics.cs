namespace MigrationSim.Model.Results;

/// <summary>
/// Every output metric, in the order summary.csv and results.csv carry them. A new figure is one
/// entry here (and its field on <see cref="MigrationSummary"/> when the engine must compute it):
/// files, console text, figures and validation pick it up from this list. Asking for a name that
/// is not here is an error listing the names that are.
/// </summary>
public static class Metrics
{
    private const double Mebibyte = 1 << 20;

    /// <summary>The migration completed (in a sweep's figures: the share of runs that did).</summary>
    public static readonly Metric Converged = new("converged", MetricUnit.Boolean, "converged", s => s.Converged ? 1 : 0, true, "converged (fraction of runs)");

    /// <summary>dirty-sync-count: dirty bitmap syncs, the setup and final ones included.</summary>
    public static readonly Metric DirtySyncCount = new("dirty-sync-count", MetricUnit.Count, "iterations", s => s.DirtySyncCount, true, "iterations (dirty-sync-count)");

    /// <summary>total-time: from migrate to the end.</summary>
    public static readonly Metric TotalTime = new("total-time", MetricUnit.Milliseconds, "total time", s => s.TotalTimeMs, true, "total time (s)", 1e-3);

    /// <summary>downtime: the guest's pause; none for a cancelled migration.</summary>
    public static readonly Metric Downtime = new("downtime", MetricUnit.Milliseconds, "downtime", s => s.DowntimeMs, true, "downtime (ms)");

    /// <summary>
    /// The pause the guest really sees, from the stop on the source to running on the destination
    /// (a capture times it by QMP's STOP and RESUME events, not query-migrate); none when the guest never moved.
    /// </summary>
    public static readonly Metric GuestPause = new("guest-pause-ms", MetricUnit.Milliseconds, "guest pause", s => s.GuestPauseMs, false, "guest pause (ms)");

    /// <summary>Runs of the discard bitmap sent at a postcopy switch (simulator only); none without a switch.</summary>
    public static readonly Metric DiscardRanges = new("discard-ranges", MetricUnit.Count, "discard ranges", s => s.DiscardRanges, false, "discard ranges (count)");

    /// <summary>xbzrle-cache pages: pages found in the xbzrle cache (sent as a delta, or overflowed); none without xbzrle.</summary>
    public static readonly Metric XbzrlePages = new("xbzrle-pages", MetricUnit.Pages, "xbzrle pages", s => s.XbzrlePages, true, "xbzrle pages (pages)");

    /// <summary>xbzrle-cache bytes: what those pages took without their page headers; none without xbzrle.</summary>
    public static readonly Metric XbzrleBytes = new("xbzrle-bytes", MetricUnit.Bytes, "xbzrle bytes", s => s.XbzrleBytes, true, "xbzrle bytes (MiB)", 1 / Mebibyte);

    /// <summary>xbzrle-cache cache-miss: pages sent while not in the cache; none without xbzrle.</summary>
    public static readonly Metric XbzrleCacheMiss = new("xbzrle-cache-miss", MetricUnit.Pages, "xbzrle cache misses", s => s.XbzrleCacheMiss, true, "xbzrle cache misses (pages)");

    /// <summary>xbzrle-cache overflow: cached pages whose delta did not fit a page (sent in full); none without xbzrle.</summary>
    public static readonly Metric XbzrleOverflow = new("xbzrle-overflow", MetricUnit.Pages, "xbzrle overflows", s => s.XbzrleOverflow, true, "xbzrle overflows (pages)");

    /// <summary>multifd-bytes: bytes written on the multifd channels; none without multifd.</summary>
    public static readonly Metric MultifdBytes = new("multifd-bytes", MetricUnit.Bytes, "multifd bytes", s => s.MultifdBytes, true, "multifd bytes (MiB)", 1 / Mebibyte);

    /// <summary>setup-time.</summary>
    public static readonly Metric SetupTime = new("setup-time", MetricUnit.Milliseconds, "setup time", s => s.SetupTimeMs, true, "setup time (ms)");

    /// <summary>ram total: guest RAM.</summary>
    public static readonly Metric Total = new("total", MetricUnit.Bytes, "RAM", s => s.RamTotal, true, "total (MiB)", 1 / Mebibyte);

    /// <summary>ram transferred: everything sent, headers included.</summary>
    public static readonly Metric Transferred = new("transferred", MetricUnit.Bytes, "bytes transferred", s => s.Transferred, true, "transferred (MiB)", 1 / Mebibyte);

    /// <summary>ram normal: pages sent in full.</summary>
    public static readonly Metric Normal = new("normal", MetricUnit.Pages, "normal pages", s => s.Normal, true, "normal (pages)");

    /// <summary>ram duplicate: zero pages, sent as a header.</summary>
    public static readonly Metric Duplicate = new("duplicate", MetricUnit.Pages, "zero pages", s => s.Duplicate, true, "duplicate (pages)");

    /// <summary>ram normal-bytes.</summary>
    public static readonly Metric NormalBytes = new("normal-bytes", MetricUnit.Bytes, "normal bytes", s => s.NormalBytes, true, "normal-bytes (MiB)", 1 / Mebibyte);

    /// <summary>ram precopy-bytes: sent before the guest stopped.</summary>
    public static readonly Metric PrecopyBytes = new("precopy-bytes", MetricUnit.Bytes, "precopy bytes", s => s.PrecopyBytes, true, "precopy-bytes (MiB)", 1 / Mebibyte);

    /// <summary>ram downtime-bytes: sent with the guest stopped.</summary>
    public static readonly Metric DowntimeBytes = new("downtime-bytes", MetricUnit.Bytes, "downtime bytes", s => s.DowntimeBytes, true, "downtime-bytes (MiB)", 1 / Mebibyte);

    /// <summary>ram postcopy-bytes: sent after a postcopy switch.</summary>
    public static readonly Metric PostcopyBytes = new("postcopy-bytes", MetricUnit.Bytes, "postcopy bytes", s => s.PostcopyBytes, true, "postcopy-bytes (MiB)", 1 / Mebibyte);

    /// <summary>ram postcopy-requests: pages the destination asked for.</summary>
    public static readonly Metric PostcopyRequests = new("postcopy-requests", MetricUnit.Count, "postcopy requests", s => s.PostcopyRequests, true, "postcopy requests (count)");

    /// <summary>cpu-throttle-percentage at the end (auto-converge).</summary>
    public static readonly Metric CpuThrottlePercentage = new("cpu-throttle-percentage", MetricUnit.Percent, "cpu throttle", s => s.CpuThrottlePercentage, true, "CPU throttle (%)");

    /// <summary>mbps: average throughput over the transfer, as QEMU reports it at completion.</summary>
    public static readonly Metric Mbps = new("mbps", MetricUnit.MegabitsPerSecond, "throughput", s => s.Mbps, true, "throughput (Mbit/s)");

    /// <summary>Destination page faults under postcopy (simulator only).</summary>
    public static readonly Metric Faults = new("faults", MetricUnit.Count, "page faults", s => s.Faults, false, "page faults (count)");

    /// <summary>faults.csv keeps one fault in this many (simulator only; 1 with run --every-fault).</summary>
    public static readonly Metric FaultsCsvOneIn = new("faults-csv-one-in", MetricUnit.Count, "faults.csv keeps one in", s => s.FaultsCsvOneIn, false, "faults.csv sampling (1 in N)");

    /// <summary>Median fault latency (simulator only).</summary>
    public static readonly Metric FaultLatencyP50 = new("fault-latency-p50-ms", MetricUnit.Milliseconds, "fault latency p50", s => s.FaultLatencyP50Ms, false, "fault latency p50 (ms)");

    /// <summary>95th percentile of fault latency (simulator only).</summary>
    public static readonly Metric FaultLatencyP95 = new("fault-latency-p95-ms", MetricUnit.Milliseconds, "fault latency p95", s => s.FaultLatencyP95Ms, false, "fault latency p95 (ms)");

    /// <summary>99th percentile of fault latency (simulator only).</summary>
    public static readonly Metric FaultLatencyP99 = new("fault-latency-p99-ms", MetricUnit.Milliseconds, "fault latency p99", s => s.FaultLatencyP99Ms, false, "fault latency p99 (ms)");

    /// <summary>Longest fault latency (simulator only).</summary>
    public static readonly Metric FaultLatencyMax = new("fault-latency-max-ms", MetricUnit.Milliseconds, "fault latency max", s => s.FaultLatencyMaxMs, false, "fault latency max (ms)");

    /// <summary>Time the destination vCPU could not run for want of a page (simulator only).</summary>
    public static readonly Metric VcpuBlocked = new("vcpu-blocked-ms", MetricUnit.Milliseconds, "vCPU blocked", s => s.VcpuBlockedMs, false, "vCPU blocked (ms)");

    /// <summary>Work the guest did over the work it would have done undisturbed (simulator only).</summary>
    public static readonly Metric GuestProgress = new("guest-progress", MetricUnit.Fraction, "guest progress", s => s.GuestProgress, false, "guest progress (fraction of undisturbed)")
    {
        CsvFormat = "0.####",
    };

    /// <summary>When the guest stopped to switch to postcopy; none without a switch.</summary>
    public static readonly Metric SwitchTime = new("switch-time-ms", MetricUnit.Milliseconds, "switch to postcopy at", s => s.SwitchTimeMs, false, "switch to postcopy at (s)", 1e-3);

    /// <summary>From the postcopy switch to completion: the guest's state is split between the hosts.</summary>
    public static readonly Metric ExposureWindow = new("exposure-window-ms", MetricUnit.Milliseconds, "exposure window", s => s.ExposureWindowMs, false, "exposure window (s)", 1e-3);

    /// <summary>Pending bytes when the stop rule fired (simulator only).</summary>
    public static readonly Metric PendingAtStop = new("pending-at-stop", MetricUnit.Bytes, "pending at stop", s => s.PendingAtStopBytes, false, "pending-at-stop (MiB)", 1 / Mebibyte);

    /// <summary>The threshold pending was compared with at the stop (simulator only).</summary>
    public static readonly Metric ThresholdAtStop = new("threshold-at-stop", MetricUnit.Bytes, "threshold at stop", s => s.ThresholdAtStopBytes, false, "threshold-at-stop (MiB)", 1 / Mebibyte);

    /// <summary>Every metric, in file order.</summary>
    public static IReadOnlyList<Metric> All { get; } =
    [
        Converged, DirtySyncCount, TotalTime, Downtime, GuestPause, DiscardRanges, XbzrlePages, XbzrleBytes, XbzrleCacheMiss,
        XbzrleOverflow, MultifdBytes, SetupTime, Total, Transferred, Normal, Duplicate, NormalBytes, PrecopyBytes, DowntimeBytes, PostcopyBytes,
        PostcopyRequests, CpuThrottlePercentage, Mbps, Faults, FaultsCsvOneIn, FaultLatencyP50, FaultLatencyP95, FaultLatencyP99, FaultLatencyMax,
        VcpuBlocked, GuestProgress, SwitchTime, ExposureWindow, PendingAtStop, ThresholdAtStop,
    ];

    private static readonly Dictionary<string, Metric> ByName = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>The metric named <paramref name="name"/>, if there is one.</summary>
    public static bool TryGet(string name, out Metric metric) => ByName.TryGetValue(name, out metric!);

    /// <summary>The metric named <paramref name="name"/>; <see cref="KeyNotFoundException"/> listing the known names otherwise.</summary>
    public static Metric Get(string name) =>
        TryGet(name, out var m) ? m : throw new KeyNotFoundException($"unknown metric '{name}'; known metrics: {string.Join(", ", All.Select(x => x.Name))}");
}
