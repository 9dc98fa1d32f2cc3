namespace MigrationSim.Qemu.Concurrent;

/// <summary>
/// One namespace per host, each joined to a router namespace by a veth pair whose host end is
/// shaped to the host's uplink and whose router end to its downlink; a migration's stream
/// crosses its source's uplink and its destination's downlink, so only migrations that share a
/// host share a link.
/// </summary>
public sealed record HostLinksTopology(IReadOnlyList<HostLink> Hosts) : ConcurrentTopology;
