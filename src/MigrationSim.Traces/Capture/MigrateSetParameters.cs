using System.Text.Json.Nodes;

namespace MigrationSim.Traces.Capture;

/// <summary>
/// migrate-set-parameters values. Null leaves QEMU's default in place. Units are QEMU's:
/// bytes, bytes per second, ms, percent; vcpu-dirty-limit is in QEMU's "MB/s", which are MiB/s.
/// </summary>
public sealed record MigrateSetParameters
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

    /// <summary>xbzrle-cache-size (default 64 MiB): a power of two, a multiple of the page size.</summary>
    public long? XbzrleCacheSizeBytes { get; init; }
    /// <summary>multifd-channels (default 2, QEMU allows 1-255); set on both sides.</summary>
    public int? MultifdChannels { get; init; }
    /// <summary>multifd-compression: none, zlib or zstd (default none); set on both sides.</summary>
    public string? MultifdCompression { get; init; }
    /// <summary>multifd-zlib-level 0-9 (default 1).</summary>
    public int? MultifdZlibLevel { get; init; }
    /// <summary>multifd-zstd-level 0-20 (default 1).</summary>
    public int? MultifdZstdLevel { get; init; }
    /// <summary>zero-page-detection (QEMU 9.0+): none, legacy (migration thread) or multifd (default; the sender threads).</summary>
    public string? ZeroPageDetection { get; init; }
    /// <summary>avail-switchover-bandwidth (QEMU 8.2+): bandwidth the switchover decision assumes, bytes/s; 0 = measured.</summary>
    public long? AvailSwitchoverBandwidthBytesPerSecond { get; init; }
    /// <summary>vcpu-dirty-limit (QEMU 8.1+, with dirty-limit), MiB/s per vCPU (default 1).</summary>
    public long? VcpuDirtyLimitMiBPerSecond { get; init; }
    /// <summary>x-vcpu-dirty-limit-period (QEMU 8.1+), 1-1000 ms (default 1000).</summary>
    public long? VcpuDirtyLimitPeriodMs { get; init; }

    /// <summary>The source's migrate-set-parameters arguments, with QEMU's names; empty when nothing is set.</summary>
    public JsonObject ToQmpArguments()
    {
        var o = DestinationQmpArguments();
        if (DowntimeLimitMs is { } d) o["downtime-limit"] = d;
        if (MaxBandwidthBytesPerSecond is { } b) o["max-bandwidth"] = b;
        if (MaxPostcopyBandwidthBytesPerSecond is { } pb) o["max-postcopy-bandwidth"] = pb;
        if (ThrottleTriggerThresholdPercent is { } t) o["throttle-trigger-threshold"] = t;
        if (CpuThrottleInitialPercent is { } ci) o["cpu-throttle-initial"] = ci;
        if (CpuThrottleIncrementPercent is { } cinc) o["cpu-throttle-increment"] = cinc;
        if (CpuThrottleTailslow is { } ts) o["cpu-throttle-tailslow"] = ts;
        if (MaxCpuThrottlePercent is { } mc) o["max-cpu-throttle"] = mc;
        if (XbzrleCacheSizeBytes is { } xc) o["xbzrle-cache-size"] = xc;
        if (MultifdZlibLevel is { } zl) o["multifd-zlib-level"] = zl;
        if (MultifdZstdLevel is { } zs) o["multifd-zstd-level"] = zs;
        if (ZeroPageDetection is { } zp) o["zero-page-detection"] = zp;
        if (AvailSwitchoverBandwidthBytesPerSecond is { } asb) o["avail-switchover-bandwidth"] = asb;
        if (VcpuDirtyLimitMiBPerSecond is { } vdl) o["vcpu-dirty-limit"] = vdl;
        if (VcpuDirtyLimitPeriodMs is { } vdp) o["x-vcpu-dirty-limit-period"] = vdp;
        return o;
    }

    /// <summary>What the destination must agree on (the multifd channel count and compression); empty when nothing is set.</summary>
    public JsonObject DestinationQmpArguments()
    {
        var o = new JsonObject();
        if (MultifdChannels is { } n) o["multifd-channels"] = n;
        if (MultifdCompression is { } c) o["multifd-compression"] = c;
        return o;
    }
}
