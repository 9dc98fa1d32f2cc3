namespace MigrationSim.Model.Migration;

/// <summary>
/// QEMU 8.1+'s dirty-limit as migration/ram.c drives it: the auto-converge trigger (bytes dirtied
/// in a sync period above throttle-trigger-threshold% of bytes sent, twice) calls
/// migration_dirty_limit_guest once, which gives every vCPU a dirty-rate quota of vcpu-dirty-limit;
/// system/dirtylimit.c then sleeps each vCPU until its dirty ring fills no faster than that.
/// The model caps the guest's write rate at the quota (one vCPU, as the captures run) from the
/// trigger on, as a throttle of the matching share. Not validated: TCG has no dirty ring, so no
/// capture on these machines exercises it.
/// </summary>
public sealed class DirtyLimit(DirtyLimitParameters parameters, int triggerThresholdPercent)
{
    private int _highCount;

    /// <summary>The quota is in force.</summary>
    public bool Engaged { get; private set; }

    /// <summary>True once, when the trigger fires and the quota starts.</summary>
    public bool OnPeriod(double bytesDirtiedInPeriod, double bytesSentInPeriod)
    {
        if (Engaged) return false;
        if (!(bytesDirtiedInPeriod > bytesSentInPeriod * triggerThresholdPercent / 100.0) || ++_highCount < 2) return false;
        Engaged = true;
        return true;
    }

    /// <summary>The throttle (percent, 0-99) that brings a writer of <paramref name="writeRatePagesPerSecond"/> down to the quota.</summary>
    public int ThrottlePercentFor(double writeRatePagesPerSecond, int pageSizeBytes)
    {
        double quotaPages = parameters.VcpuDirtyLimitBytesPerSecond / pageSizeBytes;
        if (writeRatePagesPerSecond <= quotaPages) return 0;
        return (int)Math.Clamp(Math.Ceiling(100 * (1 - quotaPages / writeRatePagesPerSecond)), 0, 99);
    }
}
