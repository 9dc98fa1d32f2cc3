namespace MigrationSim.Model.Fleets;

/// <summary>A rack: its hosts hang off a top-of-rack switch whose uplink (each way) joins the core.</summary>
/// <param name="Name">Unique name.</param>
/// <param name="UplinkBytesPerSecond">Rack to core, bytes/s.</param>
/// <param name="DownlinkBytesPerSecond">Core to rack, bytes/s.</param>
public sealed record FleetRack(string Name, double UplinkBytesPerSecond, double DownlinkBytesPerSecond);
