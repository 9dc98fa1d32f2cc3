namespace MigrationSim.Qemu.Capture;

/// <summary>Migration capabilities to switch on (QEMU names in the comments). "events" is always on.</summary>
public sealed record MigrationCapabilities
{
    /// <summary>auto-converge, on the source.</summary>
    public bool AutoConverge { get; init; }
    /// <summary>postcopy-ram, on both sides (QEMU requires it on both).</summary>
    public bool PostcopyRam { get; init; }
    /// <summary>postcopy-blocktime, on the destination only (adds postcopy-blocktime to its query-migrate).</summary>
    public bool PostcopyBlocktime { get; init; }
}
