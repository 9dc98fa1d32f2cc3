using MigrationSim.Kernel;

namespace MigrationSim.Model.Migration;

/// <summary>QEMU migration parameters (defaults are QEMU 7.2's) and the simulator's own stop limits.</summary>
public sealed record MigrationParameters
{
    /// <summary>QEMU 7.2's default max-bandwidth: 128 MiB/s, in bytes/s.</summary>
    public const double DefaultMaxBandwidthBytesPerSecond = 128.0 * 1024 * 1024;

    /// <summary>downtime-limit: the stop rule's target pause.</summary>
    public SimTime DowntimeLimit { get; init; } = SimTime.FromMilliseconds(300);

    /// <summary>max-bandwidth in bytes/s; +infinity means no limit.</summary>
    public double MaxBandwidthBytesPerSecond { get; init; } = DefaultMaxBandwidthBytesPerSecond;

    /// <summary>max-postcopy-bandwidth in bytes/s; +infinity (QEMU's 0) means the link's speed.</summary>
    public double MaxPostcopyBandwidthBytesPerSecond { get; init; } = double.PositiveInfinity;

    /// <summary>The auto-converge capability and its throttle parameters.</summary>
    public AutoConvergeParameters AutoConverge { get; init; } = new();

    /// <summary>Cancel (not converged) once dirty-sync-count reaches this without converging; 0 = no limit.</summary>
    public int MaxIterations { get; init; }

    /// <summary>Cancel (not converged) once the migration has run this long.</summary>
    public SimTime MaxTime { get; init; } = SimTime.FromSeconds(3600);

    /// <summary>The xbzrle capability and its cache; null = off.</summary>
    public XbzrleParameters? Xbzrle { get; init; }

    /// <summary>The multifd capability, its channels and compression; null = off.</summary>
    public MultifdParameters? Multifd { get; init; }

    /// <summary>zero-page-detection (QEMU 9.0+); null = the QEMU's default (7.2: the migration thread; 10.0: multifd, which is the migration thread without multifd).</summary>
    public ZeroPageDetection? ZeroPageDetection { get; init; }

    /// <summary>avail-switchover-bandwidth (QEMU 8.2+) in bytes/s: the bandwidth the stop rule assumes for the switchover; null = measured (QEMU's 0).</summary>
    public double? AvailSwitchoverBandwidthBytesPerSecond { get; init; }

    /// <summary>The dirty-limit capability (QEMU 8.1+) and its limit; null = off.</summary>
    public DirtyLimitParameters? DirtyLimit { get; init; }
}
