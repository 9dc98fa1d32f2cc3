using System.Text.Json.Nodes;

namespace MigrationSim.Qemu.Capture;

/// <summary>
/// migrate-set-parameters values for the source. Null leaves QEMU's default in place.
/// </summary>
public sealed record MigrationParameters
{
    /// <summary>QEMU has no "unlimited" max-bandwidth; 1 TiB/s is far beyond what loopback carries.</summary>
    public const long UnlimitedBytesPerSecond = 1L << 40;

    public long? DowntimeLimitMs { get; init; }
    /// <summary>max-bandwidth; <see cref="UnlimitedBytesPerSecond"/> for "unlimited".</summary>
    public long? MaxBandwidthBytesPerSecond { get; init; }
    /// <summary>max-postcopy-bandwidth; 0 means no limit (QEMU's meaning).</summary>
    public long? MaxPostcopyBandwidthBytesPerSecond { get; init; }
    public int? ThrottleTriggerThresholdPercent { get; init; }
    public int? CpuThrottleInitialPercent { get; init; }
    public int? CpuThrottleIncrementPercent { get; init; }
    public bool? CpuThrottleTailslow { get; init; }
    public int? MaxCpuThrottlePercent { get; init; }

    /// <summary>The migrate-set-parameters arguments, with QEMU's names; empty when nothing is set.</summary>
    public JsonObject ToQmpArguments()
    {
        var o = new JsonObject();
        if (DowntimeLimitMs is { } d) o["downtime-limit"] = d;
        if (MaxBandwidthBytesPerSecond is { } b) o["max-bandwidth"] = b;
        if (MaxPostcopyBandwidthBytesPerSecond is { } pb) o["max-postcopy-bandwidth"] = pb;
        if (ThrottleTriggerThresholdPercent is { } t) o["throttle-trigger-threshold"] = t;
        if (CpuThrottleInitialPercent is { } ci) o["cpu-throttle-initial"] = ci;
        if (CpuThrottleIncrementPercent is { } cinc) o["cpu-throttle-increment"] = cinc;
        if (CpuThrottleTailslow is { } ts) o["cpu-throttle-tailslow"] = ts;
        if (MaxCpuThrottlePercent is { } mc) o["max-cpu-throttle"] = mc;
        return o;
    }
}
