using MigrationSim.Kernel;

namespace MigrationSim.Model.Network;

/// <summary>
/// A flow model of the path between the hosts: bytes move at <see cref="BandwidthBytesPerSecond"/>
/// (the effective speed: on loopback under TCG, what the source's CPU can push), and a
/// request/response costs <see cref="Latency"/> each way.
/// </summary>
public sealed record Link(double BandwidthBytesPerSecond, SimTime Latency)
{
    /// <summary>Time <paramref name="bytes"/> take at the link's bandwidth.</summary>
    public SimTime TransferTime(double bytes) =>
        SimTime.FromSeconds(bytes / BandwidthBytesPerSecond);

    /// <summary>Bytes the link moves in <paramref name="duration"/>.</summary>
    public double BytesIn(SimTime duration) => BandwidthBytesPerSecond * duration.Seconds;
}
