namespace MigrationSim.Traces.Capture;

/// <summary>
/// What real QEMU is asked to do for one scenario: guest size and workload, capabilities,
/// migrate-set-parameters, when to switch to postcopy, how long to let it run, and the files to
/// keep beside the trace. Made by <see cref="CapturePlanner"/>; run by MigrationSim.Qemu.
/// </summary>
public sealed record CapturePlan
{
    /// <summary>Guest RAM (-m), a whole number of MiB, bytes.</summary>
    public long MemoryBytes { get; init; } = 256L << 20;
    public GuestWorkload Workload { get; init; } = new();
    public MigrationCapabilities Capabilities { get; init; } = new();
    public MigrateSetParameters Parameters { get; init; } = new();
    public PostcopySwitchRule PostcopySwitch { get; init; } = PostcopySwitchRule.Never;
    /// <summary>Migration not finished after this long: migrate_cancel, recorded as not converged.</summary>
    public TimeSpan TimeCap { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>Wait after the guest is ready before migrating (the scenario's warmup), so the write rate is steady.</summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Files written into the capture folder (name -> content): the scenario as run.</summary>
    public IReadOnlyDictionary<string, string> ExtraFiles { get; init; } = new Dictionary<string, string>();
    /// <summary>What the capture does not reproduce of the scenario, for the user to read.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
