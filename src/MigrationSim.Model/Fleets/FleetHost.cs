namespace MigrationSim.Model.Fleets;

/// <summary>A host of a fleet: its NIC each way (full duplex), its memory for guests, its rack.</summary>
/// <param name="Name">Unique name.</param>
/// <param name="UplinkBytesPerSecond">What its NIC sends, bytes/s.</param>
/// <param name="DownlinkBytesPerSecond">What its NIC receives, bytes/s.</param>
/// <param name="MemoryBytes">Memory available to guests, bytes.</param>
/// <param name="Rack">Its rack (racks with uplinks), or null on a single switch.</param>
public sealed record FleetHost(string Name, double UplinkBytesPerSecond, double DownlinkBytesPerSecond, long MemoryBytes, string? Rack = null);
