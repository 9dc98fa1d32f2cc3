using MigrationSim.Kernel;

namespace MigrationSim.Model.Network;

/// <summary>
/// The network as one migration sees it: the rate its stream gets now and the one-way latency
/// of a request. On a dedicated link the rate is constant; on a shared network (a fleet) it is
/// the stream's share, which changes when other streams start or end, and <see cref="RateChanged"/>
/// tells the migration so that it re-times the data it is sending.
/// </summary>
public abstract class NetworkPath
{
    /// <summary>Bytes per second the migration stream moves at now while the guest runs.</summary>
    public abstract double RateBytesPerSecond { get; }

    /// <summary>Bytes per second of the final transfer with the guest stopped (the vCPU no longer competes for the source's CPU).</summary>
    public abstract double StoppedRateBytesPerSecond { get; }

    /// <summary>One-way latency of a message (a postcopy page request, a page's last byte).</summary>
    public abstract SimTime Latency { get; }

    /// <summary>Raised when <see cref="RateBytesPerSecond"/> changes.</summary>
    public event Action? RateChanged;

    /// <summary>Raises <see cref="RateChanged"/> (a subclass whose rate changed).</summary>
    protected void OnRateChanged() => RateChanged?.Invoke();

    /// <summary>Time <paramref name="bytes"/> take at the current rate.</summary>
    public SimTime TransferTime(double bytes) => SimTime.FromSeconds(bytes / RateBytesPerSecond);

    /// <summary>Bytes the stream moves in <paramref name="duration"/> at the current rate.</summary>
    public double BytesIn(SimTime duration) => duration <= SimTime.Zero ? 0 : RateBytesPerSecond * duration.Seconds;
}
