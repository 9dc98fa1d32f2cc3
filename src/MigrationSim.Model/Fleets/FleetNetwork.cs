using MigrationSim.Kernel;

namespace MigrationSim.Model.Fleets;

/// <summary>The fabric between a fleet's hosts.</summary>
public sealed record FleetNetwork
{
    /// <summary>One switch (with optional racks) or one link shared by every migration.</summary>
    public FleetTopology Topology { get; init; } = FleetTopology.Switch;

    /// <summary>Capacity of the one link of <see cref="FleetTopology.SharedLink"/>, bytes/s.</summary>
    public double SharedLinkBytesPerSecond { get; init; }

    /// <summary>One-way latency between two hosts (a postcopy request, a page's last byte).</summary>
    public SimTime Latency { get; init; } = SimTime.FromMicroseconds(100);

    /// <summary>Racks with uplinks; empty: one switch.</summary>
    public IReadOnlyList<FleetRack> Racks { get; init; } = [];

    /// <summary>
    /// Largest IP packet on the links, bytes; null: the links' rates are what the migration
    /// streams get (no header overhead). With an MTU each packet carries
    /// MTU - <see cref="TcpIpHeaderBytes"/> bytes of stream for MTU + <see cref="FrameOverheadBytes"/>
    /// bytes of link: at 1500 B on Ethernet a 10 Gbit/s NIC moves 9.41 Gbit/s of migration data.
    /// </summary>
    public int? MtuBytes { get; init; }

    /// <summary>
    /// What each packet costs a link beyond its IP packet, bytes. 38 on an Ethernet wire (14 B
    /// header, 4 B FCS, 8 B preamble, 12 B inter-frame gap); 14 through a tc shaper, which counts
    /// the MAC header only.
    /// </summary>
    public int FrameOverheadBytes { get; init; } = EthernetFrameOverheadBytes;

    /// <summary>Ethernet on the wire: header 14, FCS 4, preamble 8, inter-frame gap 12 bytes.</summary>
    public const int EthernetFrameOverheadBytes = 38;

    /// <summary>IPv4 (20 B) and TCP (20 B) headers and the timestamps option Linux sends by default (12 B).</summary>
    public const int TcpIpHeaderBytes = 52;

    /// <summary>Share of a link's rate that is migration stream, 0-1 (1 without <see cref="MtuBytes"/>).</summary>
    public double PayloadFraction => MtuBytes is { } mtu ? (double)(mtu - TcpIpHeaderBytes) / (mtu + FrameOverheadBytes) : 1;
}
