namespace MigrationSim.Reporting.Plots;

/// <summary>
/// Labels and display units of the summary figures (stored as summary.csv stores them: times in ms,
/// sizes in bytes). Total time is shown in s and sizes in MiB, so tick labels stay short.
/// </summary>
public static class MetricUnits
{
    private const double Mebibyte = 1 << 20;

    public static (string Label, double Scale)? Known(string column) => column switch
    {
        "total-time" => ("total time (s)", 1e-3),
        "downtime" => ("downtime (ms)", 1),
        "setup-time" => ("setup time (ms)", 1),
        "switch-time-ms" => ("switch to postcopy at (s)", 1e-3),
        "exposure-window-ms" => ("exposure window (s)", 1e-3),
        "vcpu-blocked-ms" => ("vCPU blocked (ms)", 1),
        "fault-latency-p50-ms" => ("fault latency p50 (ms)", 1),
        "fault-latency-p95-ms" => ("fault latency p95 (ms)", 1),
        "fault-latency-p99-ms" => ("fault latency p99 (ms)", 1),
        "fault-latency-max-ms" => ("fault latency max (ms)", 1),
        "total" or "transferred" or "normal-bytes" or "precopy-bytes" or "downtime-bytes" or "postcopy-bytes"
            or "pending-at-stop" or "threshold-at-stop" => ($"{column} (MiB)", 1 / Mebibyte),
        "normal" or "duplicate" => ($"{column} (pages)", 1),
        "faults" => ("page faults (count)", 1),
        "postcopy-requests" => ("postcopy requests (count)", 1),
        "dirty-sync-count" => ("iterations (dirty-sync-count)", 1),
        "mbps" => ("throughput (Mbit/s)", 1),
        "cpu-throttle-percentage" => ("CPU throttle (%)", 1),
        "guest-progress" => ("guest progress (fraction of undisturbed)", 1),
        "converged" => ("converged (fraction of runs)", 1),
        _ => null,
    };
}
