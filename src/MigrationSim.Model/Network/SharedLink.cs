using MigrationSim.Kernel;

namespace MigrationSim.Model.Network;

/// <summary>
/// One direction of a link of a <see cref="SharedNetwork"/> (a host's uplink or downlink, a
/// rack's uplink, a shaped loopback): a capacity shared max-min fairly by the flows crossing it.
/// It keeps what it carried: the bytes, the highest load it saw, and the load in one-second bins.
/// </summary>
public sealed class SharedLink
{
    /// <summary>Width of <see cref="CarriedPerSecond"/>'s bins.</summary>
    public static readonly SimTime BinWidth = SimTime.FromSeconds(1);

    private readonly List<double> _binBytes = [];
    private double _loadBytesPerSecond;
    private SimTime _loadSince;

    internal SharedLink(int index, string name, double capacityBytesPerSecond)
    {
        if (!(capacityBytesPerSecond > 0) || double.IsInfinity(capacityBytesPerSecond))
            throw new ArgumentOutOfRangeException(nameof(capacityBytesPerSecond), $"link {name}: capacity must be a finite rate > 0, got {capacityBytesPerSecond}");
        Index = index;
        Name = name;
        CapacityBytesPerSecond = capacityBytesPerSecond;
    }

    internal int Index { get; }

    internal List<SharedPath> Active { get; } = [];

    /// <summary>"node-01 up", "node-02 down", "rack r1 up", "shared".</summary>
    public string Name { get; }

    /// <summary>What the flows crossing it share, bytes/s.</summary>
    public double CapacityBytesPerSecond { get; }

    /// <summary>Sum of the rates of the flows on it now, bytes/s.</summary>
    public double LoadBytesPerSecond => _loadBytesPerSecond;

    /// <summary>Highest load it carried, over its capacity (0-1).</summary>
    public double PeakUtilisation { get; private set; }

    /// <summary>Bytes it carried up to the last change of its load.</summary>
    public double CarriedBytes { get; private set; }

    /// <summary>Bytes carried in each second from time 0 (up to the last change of its load).</summary>
    public IReadOnlyList<double> CarriedPerSecond => _binBytes;

    internal void SetLoad(SimTime now, double load)
    {
        Integrate(now);
        _loadBytesPerSecond = load;
        PeakUtilisation = Math.Max(PeakUtilisation, load / CapacityBytesPerSecond);
    }

    /// <summary>Accounts the current load up to <paramref name="now"/>.</summary>
    internal void Integrate(SimTime now)
    {
        if (now <= _loadSince) return;
        if (_loadBytesPerSecond > 0)
        {
            CarriedBytes += _loadBytesPerSecond * (now - _loadSince).Seconds;
            long width = BinWidth.Nanoseconds;
            long t = _loadSince.Nanoseconds;
            while (t < now.Nanoseconds)
            {
                int bin = (int)(t / width);
                long binEnd = Math.Min((bin + 1L) * width, now.Nanoseconds);
                while (_binBytes.Count <= bin) _binBytes.Add(0);
                _binBytes[bin] += _loadBytesPerSecond * (binEnd - t) / 1e9;
                t = binEnd;
            }
        }
        _loadSince = now;
    }
}
