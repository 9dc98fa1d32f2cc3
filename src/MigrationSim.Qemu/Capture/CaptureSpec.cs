using MigrationSim.Qemu.Installations;
using MigrationSim.Qemu.Processes;
using MigrationSim.Traces.Capture;
using MigrationSim.Traces.Format;

namespace MigrationSim.Qemu.Capture;

/// <summary>
/// Everything one real capture needs: the guest, the migration settings, and how to drive and
/// record it. A plain record so that a scenario can be mapped onto it field by field.
/// </summary>
public sealed record CaptureSpec
{
    /// <summary>Folder in which the capture's own folder is created.</summary>
    public required string OutputDirectory { get; init; }
    /// <summary>Name of the capture folder; default "capture-yyyyMMdd-HHmmss-fff". Must not exist yet.</summary>
    public string? CaptureName { get; init; }
    /// <summary>Guest RAM (-m), a whole number of MiB.</summary>
    public long MemoryBytes { get; init; } = 256L << 20;
    public GuestWorkload Workload { get; init; } = new();
    public MigrationCapabilities Capabilities { get; init; } = new();
    public MigrateSetParameters Parameters { get; init; } = new();
    public PostcopySwitchRule PostcopySwitch { get; init; } = PostcopySwitchRule.Never;
    /// <summary>Migration not finished after this long: migrate_cancel, recorded as not converged.</summary>
    public TimeSpan TimeCap { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>Time between query-migrate polls; never less than 50 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);
    /// <summary>Limit for the source guest to print its ready line.</summary>
    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Wait after the ready line before migrating, so the write rate is steady.</summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>How long to wait for a workload line on the destination's serial after completion.</summary>
    public TimeSpan AliveCheckTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public Accelerator Accelerator { get; init; } = Accelerator.Auto;
    /// <summary>Which QEMU runs both sides; default the system's (7.2 here).</summary>
    public QemuSelection Qemu { get; init; } = QemuSelection.System72;
    /// <summary>Guest kernel; null = Debian's linux-image-cloud-amd64, downloaded and cached.</summary>
    public string? KernelPath { get; init; }
    /// <summary>QEMU trace-event patterns both sides record into qemu-trace-src.log and qemu-trace-dst.log (empty: none).</summary>
    public IReadOnlyList<string> QemuTraceEvents { get; init; } = [];
    /// <summary>Appended verbatim to the kernel command line.</summary>
    public string? ExtraKernelArguments { get; init; }
    /// <summary>Image cache; null = $XDG_CACHE_HOME/migsim or ~/.cache/migsim.</summary>
    public string? CacheDirectory { get; init; }
    /// <summary>Also write every QMP line exchanged (qmp-transcript-src/dst.jsonl); for debugging and test fixtures.</summary>
    public bool RecordQmpTranscript { get; init; }
    /// <summary>More files to write into the capture folder (name -> content), e.g. "scenario.yaml".</summary>
    public IReadOnlyDictionary<string, string> ExtraFiles { get; init; } = new Dictionary<string, string>();

    /// <summary>The spec that runs <paramref name="plan"/> with <paramref name="qemu"/>, into <paramref name="outputDirectory"/>/<paramref name="captureName"/>.</summary>
    public static CaptureSpec FromPlan(CapturePlan plan, string outputDirectory, string captureName, string? kernelPath, QemuSelection qemu) => new()
    {
        OutputDirectory = outputDirectory,
        CaptureName = captureName,
        MemoryBytes = plan.MemoryBytes,
        Workload = plan.Workload,
        Capabilities = plan.Capabilities,
        Parameters = plan.Parameters,
        PostcopySwitch = plan.PostcopySwitch,
        TimeCap = plan.TimeCap,
        SettleTime = plan.SettleTime,
        KernelPath = kernelPath,
        Qemu = qemu,
        ExtraFiles = plan.ExtraFiles,
    };

    public void Validate()
    {
        if (MemoryBytes <= 0 || MemoryBytes % (1 << 20) != 0)
            throw new ArgumentException($"CaptureSpec.MemoryBytes must be a positive whole number of MiB, got {MemoryBytes}");
        Workload.Validate(MemoryBytes);
        if (PostcopySwitch.Kind != PostcopySwitchKind.None && !Capabilities.PostcopyRam)
            throw new ArgumentException($"CaptureSpec.PostcopySwitch is {PostcopySwitch.Kind} but Capabilities.PostcopyRam is off");
        ValidateFeatures();
        if (TimeCap <= TimeSpan.Zero)
            throw new ArgumentException("CaptureSpec.TimeCap must be positive");
        foreach (var name in ExtraFiles.Keys)
        {
            if (name.Length == 0 || name.Contains('/') || name.Contains('\\') || name is "." or ".." || TraceFiles.All.Contains(name))
                throw new ArgumentException($"CaptureSpec.ExtraFiles: '{name}' is not a plain file name or clashes with a trace file");
        }
    }

    /// <summary>The combinations and ranges QEMU 10 refuses (7.2 ignores some of them silently, which would make a capture lie).</summary>
    private void ValidateFeatures()
    {
        var c = Capabilities;
        var p = Parameters;
        static void Fail(string problem) => throw new ArgumentException("CaptureSpec: " + problem);
        if (c.Multifd && c.Xbzrle) Fail("multifd and xbzrle cannot be combined (QEMU: \"Multifd is not compatible with xbzrle\")");
        if (c.Multifd && c.PostcopyRam) Fail("multifd and postcopy-ram cannot be combined (QEMU: \"Postcopy is not yet compatible with multifd\")");
        if (c.DirtyLimit && c.AutoConverge) Fail("dirty-limit and auto-converge cannot be combined (QEMU: \"dirty-limit conflicts with auto-converge\")");
        if (!c.Xbzrle && p.XbzrleCacheSizeBytes is not null) Fail("xbzrle-cache-size is set but the xbzrle capability is off");
        if (!c.Multifd && (p.MultifdChannels ?? p.MultifdZlibLevel ?? p.MultifdZstdLevel) is not null || !c.Multifd && p.MultifdCompression is not null)
            Fail("a multifd parameter is set but the multifd capability is off");
        if (!c.DirtyLimit && (p.VcpuDirtyLimitMiBPerSecond ?? p.VcpuDirtyLimitPeriodMs) is not null) Fail("a vcpu-dirty-limit parameter is set but the dirty-limit capability is off");
        if (p.XbzrleCacheSizeBytes is { } cache && (cache < 4096 || (cache & (cache - 1)) != 0))
            Fail($"xbzrle-cache-size {cache} must be a power of two of at least 4096 bytes");
        if (p.MultifdChannels is < 1 or > 255) Fail($"multifd-channels {p.MultifdChannels} must be 1-255");
        if (p.MultifdCompression is not (null or "none" or "zlib" or "zstd")) Fail($"multifd-compression '{p.MultifdCompression}' must be none, zlib or zstd");
        if (p.MultifdZlibLevel is < 0 or > 9) Fail($"multifd-zlib-level {p.MultifdZlibLevel} must be 0-9");
        if (p.MultifdZstdLevel is < 0 or > 20) Fail($"multifd-zstd-level {p.MultifdZstdLevel} must be 0-20");
        if (p.ZeroPageDetection is not (null or "none" or "legacy" or "multifd")) Fail($"zero-page-detection '{p.ZeroPageDetection}' must be none, legacy or multifd");
        if (p.AvailSwitchoverBandwidthBytesPerSecond is < 0) Fail("avail-switchover-bandwidth must be 0 (measured) or more");
        if (p.VcpuDirtyLimitMiBPerSecond is < 1) Fail("vcpu-dirty-limit must be at least 1 MiB/s");
        if (p.VcpuDirtyLimitPeriodMs is < 1 or > 1000) Fail("x-vcpu-dirty-limit-period must be 1-1000 ms");
    }
}
