namespace MigrationSim.Model.Orchestrators.Nova;

/// <summary>
/// Nova's downtime schedule (nova/virt/libvirt/migration.py, downtime_steps): with D =
/// live_migration_downtime, n = live_migration_downtime_steps and the delay
/// int(live_migration_downtime_delay x data_gb), step i (0..n) sets int(D/n + i (D - D/n)/n) ms
/// once int(delay x i) seconds have passed. The monitor applies the last step whose time the
/// elapsed time exceeds (update_downtime: elapsed &gt; step[0]).
/// </summary>
public static class NovaDowntimeSteps
{
    /// <summary>The steps as (seconds, downtime ms), in Python's arithmetic (true division, int() truncation).</summary>
    public static IReadOnlyList<(long Seconds, long DowntimeMs)> For(double dataGb, long downtimeMs, long steps, long delayPerGiBSeconds)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), "at least one step");
        long delay = (long)(delayPerGiBSeconds * dataGb);
        double @base = downtimeMs / (double)steps;
        double offset = (downtimeMs - @base) / steps;
        var result = new List<(long, long)>((int)steps + 1);
        for (long i = 0; i <= steps; i++)
            result.Add((delay * i, (long)(@base + offset * i)));
        return result;
    }

    /// <summary>
    /// Nova's data_gb (LibvirtDriver._live_migration_data_gb) without block migration: the
    /// flavor's RAM in GiB, at least 2.
    /// </summary>
    public static double DataGb(long memoryBytes) => Math.Max(memoryBytes / (double)(1L << 30), 2);

    /// <summary>The downtime (ms) in force after <paramref name="elapsedSeconds"/>, or null before the first step.</summary>
    public static long? At(IReadOnlyList<(long Seconds, long DowntimeMs)> steps, double elapsedSeconds)
    {
        long? current = null;
        foreach (var (seconds, downtime) in steps)
            if (elapsedSeconds > seconds) current = downtime;
        return current;
    }
}
