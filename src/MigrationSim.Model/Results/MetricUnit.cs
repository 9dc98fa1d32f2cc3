namespace MigrationSim.Model.Results;

/// <summary>The unit a <see cref="Metric"/>'s value is in, as files store it.</summary>
public enum MetricUnit
{
    /// <summary>Milliseconds.</summary>
    Milliseconds,

    /// <summary>Bytes.</summary>
    Bytes,

    /// <summary>Guest pages.</summary>
    Pages,

    /// <summary>A count of events (syncs, requests, faults).</summary>
    Count,

    /// <summary>Percent, 0 to 100.</summary>
    Percent,

    /// <summary>Megabits (10^6 bits) per second.</summary>
    MegabitsPerSecond,

    /// <summary>A fraction, 0 to 1.</summary>
    Fraction,

    /// <summary>Yes (1) or no (0); files write true or false.</summary>
    Boolean,
}
