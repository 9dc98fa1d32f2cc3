namespace MigrationSim.Cli.Benchmarks;

/// <summary>The targets issue 11 sets for the shipped benchmarks, on this 2-core machine (whole process).</summary>
internal static class BenchTargets
{
    /// <summary>Every benchmark should simulate at least this many times faster than the migration it predicts.</summary>
    public const double SpeedUp = 1000;

    public static (double? WallSeconds, double? PeakMiB) For(string name) => name switch
    {
        "precopy-1tib" => (0.6, 160),
        "precopy-64gib" => (0.2, null),
        "precopy-64gib-never" => (3, 100),
        "postcopy-1tib" => (3, 256),
        "postcopy-1tib-preempt-64" => (5, 256),
        "sweep-1000 (2 jobs)" => (2, null),
        _ => (null, null),
    };
}
