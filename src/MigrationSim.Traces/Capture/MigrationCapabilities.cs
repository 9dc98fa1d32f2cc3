namespace MigrationSim.Traces.Capture;

/// <summary>Migration capabilities to switch on (QEMU names in the comments). "events" is always on.</summary>
public sealed record MigrationCapabilities
{
    /// <summary>auto-converge, on the source.</summary>
    public bool AutoConverge { get; init; }
    /// <summary>postcopy-ram, on both sides (QEMU requires it on both).</summary>
    public bool PostcopyRam { get; init; }
    /// <summary>postcopy-blocktime, on the destination only (adds postcopy-blocktime to its query-migrate).</summary>
    public bool PostcopyBlocktime { get; init; }
    /// <summary>xbzrle: resend a page as the XOR delta to its cached copy; on both sides, as libvirt does.</summary>
    public bool Xbzrle { get; init; }
    /// <summary>multifd: pages over several channels; on both sides (QEMU 10 wants it before the destination listens).</summary>
    public bool Multifd { get; init; }
    /// <summary>dirty-limit (QEMU 8.1+): throttle vCPUs to vcpu-dirty-limit; source only; needs KVM's dirty ring.</summary>
    public bool DirtyLimit { get; init; }
}
