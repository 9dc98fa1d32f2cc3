namespace MigrationSim.Qemu.Concurrent;

/// <summary>
/// One namespace per host, each joined to a router namespace by a veth pair whose host end is
/// shaped to the host's uplink and whose router end to its downlink; a migration's stream
/// crosses its source's uplink and its destination's downlink, so only migrations that share a
/// host share a link.
/// </summary>
public sealed record HostLinksTopology(IReadOnlyList<HostLink> Hosts) : ConcurrentTopology
{
    /// <summary>"host links a 24.0/24.0 MiB/s, b ..." (up/down), as the capture log shows it.</summary>
    public override string ToString() =>
        "host links " + string.Join(", ", Hosts.Select(h => FormattableString.Invariant($"{h.Name} {h.UplinkBytesPerSecond / 1048576.0:0.0}/{h.DownlinkBytesPerSecond / 1048576.0:0.0} MiB/s")));
}
