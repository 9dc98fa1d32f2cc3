namespace MigrationSim.Model.Workloads;

/// <summary>The factor by which a vCPU throttle scales a workload's write rate.</summary>
public static class ThrottleResponse
{
    /// <summary>migration/cpu-throttle.c CPU_THROTTLE_TIMESLICE_NS: the vCPU runs this long between sleeps.</summary>
    public const double TimesliceSeconds = 0.010;

    /// <summary>The factor in (0, 1] by which <paramref name="throttlePercent"/> % throttle scales <paramref name="w"/>'s rate, per its pacing.</summary>
    public static double RateFactor(WorkloadSpec w, int throttlePercent)
    {
        if (throttlePercent <= 0) return 1;
        double p = throttlePercent / 100.0;
        if (w.Pacing == Pacing.Cpu) return 1 - p;
        double rate = w.MeanRatePagesPerSecond;
        if (rate <= 0) return 1;
        double sleep = TimesliceSeconds * p / (1 - p);
        double due = rate * (TimesliceSeconds + Math.Min(sleep, w.MaxLagSeconds)); // writes owed by the end of a run
        double capacity = w.MaxRatePagesPerSecond * TimesliceSeconds;               // writes a run can make
        return Math.Min(1, Math.Min(due, capacity) / (TimesliceSeconds + sleep) / rate);
    }
}
