namespace MigrationSim.Model.Migration;

/// <summary>
/// migration/ram.c: migration_trigger_throttle and mig_throttle_guest_down (QEMU 7.2). Called at
/// a bitmap sync once at least a second has passed since the last period began.
/// </summary>
public sealed class AutoConverge(AutoConvergeParameters parameters)
{
    private int _highCount;

    /// <summary>Current cpu-throttle-percentage (0 = not throttled).</summary>
    public int ThrottlePercent { get; private set; }

    /// <summary>Returns true when the throttle changed.</summary>
    public bool OnPeriod(double bytesDirtiedInPeriod, double bytesSentInPeriod)
    {
        if (!parameters.Enabled) return false;
        double threshold = bytesSentInPeriod * parameters.TriggerThresholdPercent / 100.0;
        if (!(bytesDirtiedInPeriod > threshold) || ++_highCount < 2) return false;
        _highCount = 0;
        if (ThrottlePercent == 0)
        {
            ThrottlePercent = parameters.InitialPercent;
            return true;
        }
        int increment = parameters.IncrementPercent;
        if (parameters.Tailslow)
        {
            // QEMU holds these in uint64_t: cpu_ideal is truncated before the subtraction.
            ulong cpuNow = (ulong)(100 - ThrottlePercent);
            ulong cpuIdeal = (ulong)(cpuNow * (threshold / bytesDirtiedInPeriod));
            increment = (int)Math.Min(cpuNow - cpuIdeal, (ulong)increment);
        }
        ThrottlePercent = Math.Min(ThrottlePercent + increment, parameters.MaxPercent);
        return true;
    }
}
