using MigrationSim.Kernel;

namespace MigrationSim.Model.Network;

/// <summary>A link used by one migration alone: constant rate and latency.</summary>
public sealed class DedicatedPath : NetworkPath
{
    /// <param name="link">The link (its bandwidth is the rate the stream gets).</param>
    /// <param name="stoppedBytesPerSecond">Rate of the final transfer with the guest stopped; null = the link's.</param>
    public DedicatedPath(Link link, double? stoppedBytesPerSecond = null)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!(link.BandwidthBytesPerSecond > 0))
            throw new ArgumentOutOfRangeException(nameof(link), "the link's bandwidth must be > 0 (+infinity: transfers take no time)");
        Link = link;
        StoppedRateBytesPerSecond = stoppedBytesPerSecond ?? link.BandwidthBytesPerSecond;
    }

    /// <summary>The link, alone for this migration.</summary>
    public Link Link { get; }

    /// <inheritdoc/>
    public override double RateBytesPerSecond => Link.BandwidthBytesPerSecond;

    /// <inheritdoc/>
    public override double StoppedRateBytesPerSecond { get; }

    /// <inheritdoc/>
    public override SimTime Latency => Link.Latency;
}
