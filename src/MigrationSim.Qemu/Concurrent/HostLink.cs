namespace MigrationSim.Qemu.Concurrent;

/// <summary>A host of a <see cref="HostLinksTopology"/> and its NIC's speed each way, bytes/s.</summary>
public sealed record HostLink(string Name, long UplinkBytesPerSecond, long DownlinkBytesPerSecond);
