namespace MigrationSim.Model.Fleets;

/// <summary>How the hosts are joined.</summary>
public enum FleetTopology
{
    /// <summary>Each host's NIC into one non-blocking switch (or rack switches joined by their uplinks): a stream crosses its source's uplink and its destination's downlink.</summary>
    Switch,

    /// <summary>Every stream crosses one link (a concurrent capture's shaped loopback): the hosts' NICs do not limit.</summary>
    SharedLink,
}
