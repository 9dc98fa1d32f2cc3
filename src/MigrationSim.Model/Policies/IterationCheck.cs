using MigrationSim.Kernel;

namespace MigrationSim.Model.Policies;

/// <summary>
/// What a policy sees at an iterate check, in QEMU's terms. Sizes in bytes, rates in bytes/s.
/// More (iterations so far, parameters, the guest) is on <see cref="MigrationPolicy.Migration"/>.
/// </summary>
/// <param name="Now">The simulated time of the check.</param>
/// <param name="Elapsed">Time since the migration started (its total-time so far).</param>
/// <param name="PendingBytes">Pages in the migration bitmap times the page size (QEMU's ram_save_pending; zero pages count in full).</param>
/// <param name="ThresholdBytes">The stop rule's threshold: last window's bandwidth times downtime-limit (0 before the first window closes).</param>
/// <param name="BandwidthBytesPerSecond">Bandwidth measured over the last closed 100 ms window.</param>
/// <param name="DirtySyncCount">Dirty bitmap syncs so far (1 after setup).</param>
/// <param name="JustSynced">True when this is the second question of a check, asked right after a <see cref="MigrationAction.Sync"/>.</param>
/// <param name="PostcopyRequested">migrate-start-postcopy has been issued (by an operator or orchestrator).</param>
/// <param name="PostcopyAllowed">The postcopy-ram capability is on: <see cref="MigrationAction.StartPostcopy"/> is possible.</param>
public readonly record struct IterationCheck(
    SimTime Now,
    SimTime Elapsed,
    long PendingBytes,
    double ThresholdBytes,
    double BandwidthBytesPerSecond,
    long DirtySyncCount,
    bool JustSynced,
    bool PostcopyRequested,
    bool PostcopyAllowed)
{
    /// <summary>QEMU's convergence test: nothing pending, or less than the threshold.</summary>
    public bool BelowThreshold => PendingBytes == 0 || PendingBytes < ThresholdBytes;
}
