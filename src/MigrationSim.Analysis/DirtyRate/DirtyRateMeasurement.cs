namespace MigrationSim.Analysis.DirtyRate;

/// <summary>
/// A guest's measured dirty rate as QEMU's dirty-rate calculation reports it: the pages dirtied
/// (each counted once) during a window of <see cref="CalcTimeSeconds"/>, expressed as MiB/s
/// (QEMU's "MB" is 2^20 bytes), with the measuring mode (page-sampling, dirty-bitmap, dirty-ring)
/// and where it came from ("QMP query-dirty-rate", "virsh domstats --dirtyrate").
/// </summary>
public sealed record DirtyRateMeasurement(double DirtyRateMiBPerSecond, double CalcTimeSeconds, string Mode, string Source)
{
    /// <summary>Per-vCPU rates in MiB/s (dirty-ring mode only), by vCPU index.</summary>
    public IReadOnlyList<double> VcpuDirtyRatesMiBPerSecond { get; init; } = [];

    public double BytesPerSecond => DirtyRateMiBPerSecond * (1 << 20);
}
