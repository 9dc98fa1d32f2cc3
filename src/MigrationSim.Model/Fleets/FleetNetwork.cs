using MigrationSim.Kernel;

namespace MigrationSim.Model.Fleets;

/// <summary>The fabric between a fleet's hosts.</summary>
public sealed record FleetNetwork
{
    public FleetTopology Topology { get; init; } = FleetTopology.Switch;

    /// <summary>Capacity of the one link of <see cref="FleetTopology.SharedLink"/>, bytes/s.</summary>
    public double SharedLinkBytesPerSecond { get; init; }

    /// <summary>One-way latency between two hosts (a postcopy request, a page's last byte).</summary>
    public SimTime Latency { get; init; } = SimTime.FromMicroseconds(100);

    /// <summary>Racks with uplinks; empty: one switch.</summary>
    public IReadOnlyList<FleetRack> Racks { get; init; } = [];
}
