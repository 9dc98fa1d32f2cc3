using System.Text.Json.Serialization;
using MigrationSim.Model.Migration;

namespace MigrationSim.Traces.Format;

/// <summary>
/// summary.json: the final query-migrate figures under QEMU's own names, plus what is needed to
/// compare the capture with a simulation (host, accelerator, achieved write rate, outcome).
/// Times in ms, sizes in bytes, page counts in pages, rates per second.
/// The ram figures (transferred ... postcopy-bytes) come from the last query-migrate sample that had
/// them: after a failure QEMU drops "ram" from its reply, so they then say how far the migration got.
/// </summary>
public sealed record CaptureSummary
{
    [JsonPropertyName("start-utc")] public DateTimeOffset StartUtc { get; init; }
    [JsonPropertyName("qemu-version")] public string QemuVersion { get; init; } = "";
    /// <summary>The qemu-system-x86_64 that ran (absent in captures from before it was recorded: the system's).</summary>
    [JsonPropertyName("qemu-binary")] public string? QemuBinary { get; init; }
    [JsonPropertyName("accelerator")] public string Accelerator { get; init; } = "";
    [JsonPropertyName("accelerator-reason")] public string AcceleratorReason { get; init; } = "";
    [JsonPropertyName("host-cpu")] public string HostCpu { get; init; } = "";
    /// <summary>The host's one-minute load average when the migration started (absent in older captures): above half the cores, the capture ran beside other work.</summary>
    [JsonPropertyName("host-load-average")] public double? HostLoadAverage { get; init; }
    [JsonPropertyName("kernel")] public string Kernel { get; init; } = "";
    [JsonPropertyName("initramfs-key")] public string InitramfsKey { get; init; } = "";
    [JsonPropertyName("kernel-cmdline")] public string KernelCommandLine { get; init; } = "";
    [JsonPropertyName("memory-bytes")] public long MemoryBytes { get; init; }

    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("error-desc")] public string? ErrorDesc { get; init; }
    [JsonPropertyName("total-time")] public long? TotalTime { get; init; }
    [JsonPropertyName("downtime")] public long? Downtime { get; init; }
    [JsonPropertyName("expected-downtime")] public long? ExpectedDowntime { get; init; }
    [JsonPropertyName("setup-time")] public long? SetupTime { get; init; }
    [JsonPropertyName("cpu-throttle-percentage")] public long? CpuThrottlePercentage { get; init; }
    [JsonPropertyName("transferred")] public long? Transferred { get; init; }
    [JsonPropertyName("remaining")] public long? Remaining { get; init; }
    [JsonPropertyName("total")] public long? Total { get; init; }
    [JsonPropertyName("duplicate")] public long? Duplicate { get; init; }
    [JsonPropertyName("skipped")] public long? Skipped { get; init; }
    [JsonPropertyName("normal")] public long? Normal { get; init; }
    [JsonPropertyName("normal-bytes")] public long? NormalBytes { get; init; }
    [JsonPropertyName("dirty-pages-rate")] public long? DirtyPagesRate { get; init; }
    [JsonPropertyName("mbps")] public double? Mbps { get; init; }
    [JsonPropertyName("dirty-sync-count")] public long? DirtySyncCount { get; init; }
    [JsonPropertyName("postcopy-requests")] public long? PostcopyRequests { get; init; }
    [JsonPropertyName("page-size")] public long? PageSize { get; init; }
    [JsonPropertyName("pages-per-second")] public long? PagesPerSecond { get; init; }
    [JsonPropertyName("precopy-bytes")] public long? PrecopyBytes { get; init; }
    [JsonPropertyName("downtime-bytes")] public long? DowntimeBytes { get; init; }
    [JsonPropertyName("postcopy-bytes")] public long? PostcopyBytes { get; init; }
    [JsonPropertyName("multifd-bytes")] public long? MultifdBytes { get; init; }
    /// <summary>xbzrle-cache's figures (only with the xbzrle capability): encoded bytes and pages, cache misses, overflows.</summary>
    [JsonPropertyName("xbzrle-bytes")] public long? XbzrleBytes { get; init; }
    [JsonPropertyName("xbzrle-pages")] public long? XbzrlePages { get; init; }
    [JsonPropertyName("xbzrle-cache-miss")] public long? XbzrleCacheMiss { get; init; }
    [JsonPropertyName("xbzrle-overflow")] public long? XbzrleOverflow { get; init; }
    /// <summary>From the destination's query-migrate, when the postcopy-blocktime capability was on.</summary>
    [JsonPropertyName("postcopy-blocktime")] public long? PostcopyBlocktime { get; init; }

    /// <summary>The source's STOP event, ms after start-utc, on the host's clock (QEMU's event timestamp).</summary>
    [JsonPropertyName("source-stop-ms")] public double? SourceStopMs { get; init; }
    /// <summary>The destination's RESUME event after it, ms after start-utc, on the same clock.</summary>
    [JsonPropertyName("destination-resume-ms")] public double? DestinationResumeMs { get; init; }
    /// <summary>
    /// The pause the guest really sees (RESUME - STOP), ms; QEMU's `downtime` ends earlier, when
    /// the last byte is written to the socket. Null when the guest never resumed on the destination.
    /// </summary>
    [JsonPropertyName("guest-pause-ms")] public double? GuestPauseMs { get; init; }

    /// <summary>The QEMU release that ran (from qemu-version; a capture that recorded none ran 7.2).</summary>
    [JsonIgnore] public Model.Migration.QemuVersion QemuRelease => Model.Migration.QemuVersion.FromCapture(QemuVersion);

    /// <summary>Status "completed" before the time cap.</summary>
    [JsonPropertyName("converged")] public bool Converged { get; init; }
    [JsonPropertyName("time-capped")] public bool TimeCapped { get; init; }
    /// <summary>query-status on the destination said running after completion.</summary>
    [JsonPropertyName("destination-running")] public bool DestinationRunning { get; init; }
    /// <summary>The workload printed a progress line on the destination's serial after completion.</summary>
    [JsonPropertyName("destination-workload-alive")] public bool DestinationWorkloadAlive { get; init; }
    /// <summary>query-status on the source after the migration ended ("postmigrate" after success, "running" after a failure).</summary>
    [JsonPropertyName("source-status-after")] public string? SourceStatusAfter { get; init; }
    /// <summary>After a failed/cancelled migration: the workload printed a progress line on the source afterwards.</summary>
    [JsonPropertyName("source-workload-alive-after")] public bool? SourceWorkloadAliveAfter { get; init; }
    /// <summary>ms after migrate when migrate-start-postcopy was issued; null if never.</summary>
    [JsonPropertyName("postcopy-switch-ms")] public long? PostcopySwitchMs { get; init; }

    [JsonPropertyName("requested-write-rate-pages-per-s")] public double RequestedWriteRatePagesPerSecond { get; init; }
    /// <summary>From the guest's serial lines spanning the migration: writes / guest seconds.</summary>
    [JsonPropertyName("achieved-write-rate-pages-per-s")] public double? AchievedWriteRatePagesPerSecond { get; init; }
    [JsonPropertyName("boot-to-ready-ms")] public long BootToReadyMs { get; init; }
    /// <summary>Wall time from migrate to the terminal sample, as measured by the poller.</summary>
    [JsonPropertyName("capture-ms")] public long CaptureMs { get; init; }
    [JsonPropertyName("sample-count")] public int SampleCount { get; init; }
    [JsonPropertyName("poll-interval-ms")] public long PollIntervalMs { get; init; }
}
