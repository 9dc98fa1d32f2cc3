namespace MigrationSim.Qemu.Concurrent;

/// <summary>The bottleneck concurrent migrations share, made on this machine with namespaces and tc.</summary>
public abstract record ConcurrentTopology
{
    /// <summary>net.ipv4.tcp_rmem inside every namespace ("min default max", bytes). With the default receive buffer two flows through one tbf can lock into an 80/20 split for tens of seconds; a larger one gives even shares.</summary>
    public string TcpReceiveBuffer { get; init; } = "4096 1048576 33554432";
}

/// <summary>
/// One link shared by every migration: all QEMUs in one fresh namespace, migrating over its
/// loopback, which a token bucket (tc tbf) limits to <paramref name="BytesPerSecond"/>.
/// </summary>
public sealed record SharedLinkTopology(long BytesPerSecond) : ConcurrentTopology;

/// <summary>
/// One namespace per host, each joined to a router namespace by a veth pair whose host end is
/// shaped to the host's uplink and whose router end to its downlink; a migration's stream
/// crosses its source's uplink and its destination's downlink, so only migrations that share a
/// host share a link.
/// </summary>
public sealed record HostLinksTopology(IReadOnlyList<HostLink> Hosts) : ConcurrentTopology;

/// <summary>A host of a <see cref="HostLinksTopology"/> and its NIC's speed each way, bytes/s.</summary>
public sealed record HostLink(string Name, long UplinkBytesPerSecond, long DownlinkBytesPerSecond);
