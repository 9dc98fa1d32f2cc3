using MigrationSim.Qemu.Processes;

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
    public MigrationParameters Parameters { get; init; } = new();
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
    /// <summary>Guest kernel; null = Debian's linux-image-cloud-amd64, downloaded and cached.</summary>
    public string? KernelPath { get; init; }
    /// <summary>Appended verbatim to the kernel command line.</summary>
    public string? ExtraKernelArguments { get; init; }
    /// <summary>Image cache; null = $XDG_CACHE_HOME/migsim or ~/.cache/migsim.</summary>
    public string? CacheDirectory { get; init; }
    /// <summary>Also write every QMP line exchanged (qmp-transcript-src/dst.jsonl); for debugging and test fixtures.</summary>
    public bool RecordQmpTranscript { get; init; }
    /// <summary>More files to write into the capture folder (name -> content), e.g. "scenario.yaml".</summary>
    public IReadOnlyDictionary<string, string> ExtraFiles { get; init; } = new Dictionary<string, string>();

    public void Validate()
    {
        if (MemoryBytes <= 0 || MemoryBytes % (1 << 20) != 0)
            throw new ArgumentException($"CaptureSpec.MemoryBytes must be a positive whole number of MiB, got {MemoryBytes}");
        Workload.Validate(MemoryBytes);
        if (PostcopySwitch.Kind != PostcopySwitchKind.None && !Capabilities.PostcopyRam)
            throw new ArgumentException($"CaptureSpec.PostcopySwitch is {PostcopySwitch.Kind} but Capabilities.PostcopyRam is off");
        if (TimeCap <= TimeSpan.Zero)
            throw new ArgumentException("CaptureSpec.TimeCap must be positive");
        foreach (var name in ExtraFiles.Keys)
        {
            if (name.Length == 0 || name.Contains('/') || name.Contains('\\') || name is "." or ".." || TraceFiles.All.Contains(name))
                throw new ArgumentException($"CaptureSpec.ExtraFiles: '{name}' is not a plain file name or clashes with a trace file");
        }
    }
}
